package io.smoothkd.teacher;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.nets.Networks;
import io.smoothkd.runs.ExperimentData;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.runs.RunFolder;
import io.smoothkd.runs.Runs;
import io.smoothkd.runs.RunTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import io.smoothkd.core.information.MutualInformationProbe;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Trains a teacher on hard (α = 0) or label-smoothed targets {@code y(1−α) + α/K} (paper §1) with a softmax head
 * and {@code LossMCXENT}, and writes a run folder: {@code model.zip}, {@code logits-train.npy} (every row of the
 * training file, in file order, validation rows included), {@code logits-test.npy}, {@code metrics.json} and
 * {@code provenance.json}. Resumable from its per-epoch checkpoints.
 */
public final class TeacherTrainer extends RunTrainer {
    /** The mutual-information points measured so far, rewritten after every epoch. */
    public static final String MI_CURVE = RunFolder.MI_CURVE;

    public TeacherTrainer(DatasetRepository repository) {
        super(KIND, repository);
    }

    /**
     * Trains and writes the run folder.
     *
     * @param out    the run folder
     * @param resume continue from its checkpoints (a finished run is returned as it is)
     * @param force  replace whatever the folder holds
     */
    public Result train(RunConfig config, Path out, boolean resume, boolean force) throws IOException {
        return train(config, out, resume, force, Optional.empty());
    }

    /**
     * Trains, optionally measuring the mutual-information curve (paper §5) during training; its points go to
     * {@code mi-curve.json} after every epoch (restored on resume) and into {@code metrics.json}.
     */
    public Result train(RunConfig config, Path out, boolean resume, boolean force,
                        Optional<MutualInformationSettings> mutualInformation) throws IOException {
        return run(config, out, resume, force, new Spec() {
            private MutualInformationProbe probe;

            @Override
            public Fingerprint prepare(ExperimentData data) {
                return fingerprint(config, mutualInformation);
            }

            @Override
            public Networks.Head head() {
                return Networks.labelHead();
            }

            @Override
            public String detail() {
                return "α=" + config.alpha();
            }

            @Override
            public List<TrainingListener> listeners(RunFolder folder, ExperimentData data, boolean resume)
                    throws IOException {
                if (mutualInformation.isEmpty()) {
                    return List.of();
                }
                MutualInformationSettings mi = mutualInformation.get();
                probe = MutualInformationProbe.of(data.train(), mi.classA(), mi.classB(), mi.perClass(), mi.copies(),
                        mi.augmentation(config), mi.every(), MutualInformationProbe.seedOfRun(config.seed()));
                Path curveFile = folder.resolve(MI_CURVE);
                if (resume && Files.exists(curveFile)) {
                    probe.restore(readCurve(curveFile));
                }
                return List.of(probe);
            }

            @Override
            public void afterEpoch(RunFolder folder) {
                if (probe != null) {
                    writeCurve(folder, probe);
                }
            }

            @Override
            public Map<String, Object> finishing(MultiLayerNetwork trained, ExperimentData data,
                                                 Runs.Evaluation evaluation, Map<String, Object> metrics) {
                if (probe != null) {
                    Map<String, Object> mi = new LinkedHashMap<>(mutualInformation.get().toMap(config));
                    mi.put("n", probe.examples());
                    mi.put("l", probe.copies());
                    mi.put("max_mi", Math.log(probe.examples()));
                    mi.put("points", probe.points());
                    mi.put("final_mi", probe.measure(trained));
                    metrics.put("mutual_information", mi);
                }
                return Map.of();
            }

            @Override
            public String summary(Map<String, Object> metrics) {
                return ", ECE " + String.format("%.4f", (double) metrics.get("test_ece"));
            }
        });
    }

    /** Kind of a teacher run. */
    public static final String KIND = "teacher";

    /**
     * What determines a teacher's result: its configuration and, when it measures the mutual-information curve, the
     * probe's settings (never paths or timings).
     */
    public static Fingerprint fingerprint(RunConfig config, Optional<MutualInformationSettings> mutualInformation) {
        Fingerprint f = Fingerprint.of(config);
        return mutualInformation.map(mi -> f.with("mutual_information", mi.toMap(config))).orElse(f);
    }

    private static void writeCurve(RunFolder folder, MutualInformationProbe probe) {
        try {
            folder.writeJson(MI_CURVE, probe.points());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<MutualInformationProbe.Point> readCurve(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), new TypeReference<List<MutualInformationProbe.Point>>() {
        });
    }
}
