package io.smoothkd.runs;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.core.information.LogitDifferenceMutualInformation;
import io.smoothkd.core.information.MutualInformationProbe;
import org.nd4j.shade.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The logit-difference mutual information (paper §5) of a finished run's network, measured after training on
 * augmented copies of its own training examples of two classes — the measurement of the curve taken during training,
 * with the probe's settings open, to study how the estimate depends on them.
 */
public final class RunMutualInformation {
    private RunMutualInformation() {
    }

    /**
     * What to measure on; a null shift, noise or seed takes the run's own.
     *
     * @param shift random translation in pixels, or null: the recorded curve's, else the run's jitter, else 2
     * @param noise additive Gaussian pixel noise (clipped to [0, 1]), or null: the recorded curve's, else 0
     * @param seed  seed of the examples and copies, or null: that of the curve measured during training
     */
    public record Probe(int classA, int classB, int perClass, int copies, Integer shift, Double noise, Long seed) {
        public Probe {
            if (shift != null && shift < 0 || noise != null && (!(noise >= 0) || Double.isInfinite(noise))) {
                throw new IllegalArgumentException("shift " + shift + " / noise " + noise + ": expected a shift >= 0"
                        + " pixels and a finite noise >= 0");
            }
        }
    }

    /** The estimate and the probe's settings as resolved. */
    public record Measured(LogitDifferenceMutualInformation.Estimate estimate, int shift, double noise, long seed) {
    }

    /**
     * Measures a finished run folder's network.
     *
     * @throws IllegalArgumentException when the folder holds no finished run, or the probe makes every copy the same
     */
    public static Measured measure(Path dir, DatasetRepository repository, Probe p) throws IOException {
        if (!Files.isRegularFile(dir.resolve(RunFolder.MODEL)) || !Files.isRegularFile(dir.resolve(RunFolder.PROVENANCE))) {
            throw new IllegalArgumentException("run folder " + dir + ": not a finished run (expected "
                    + RunFolder.MODEL + " and " + RunFolder.PROVENANCE + " in it)");
        }
        RunFolder folder = RunFolder.open(dir);
        RunConfig config = folder.readConfig();
        ExperimentData data = Runs.load(repository, config);
        JsonNode recorded = Files.isRegularFile(dir.resolve(RunFolder.METRICS))
                ? folder.readJson(RunFolder.METRICS).path("mutual_information") : null;
        int px = p.shift() != null ? p.shift() : recorded != null && recorded.path("shift").isInt()
                ? recorded.path("shift").asInt() : config.jitter() > 0 ? config.jitter() : 2;
        double std = p.noise() != null ? p.noise() : recorded != null && recorded.path("noise").isNumber()
                ? recorded.path("noise").asDouble() : 0.0;
        if (px == 0 && std == 0) {
            throw new IllegalArgumentException("shift 0 with noise 0 makes every copy the same (expected a shift"
                    + " >= 1 or a noise > 0)");
        }
        long seed = p.seed() != null ? p.seed() : MutualInformationProbe.seedOfRun(config.seed());
        MutualInformationProbe probe = MutualInformationProbe.of(data.train(), p.classA(), p.classB(), p.perClass(),
                p.copies(), Augmentation.translation(px).withGaussianNoise(std, true), 1, seed);
        return new Measured(LogitDifferenceMutualInformation.estimate(probe.differences(folder.readModel())), px, std,
                seed);
    }
}
