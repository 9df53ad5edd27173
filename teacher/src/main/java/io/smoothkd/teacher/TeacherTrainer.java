package io.smoothkd.teacher;

import io.smoothkd.core.data.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.nets.Networks;
import io.smoothkd.core.training.ExperimentData;
import io.smoothkd.core.training.Fingerprint;
import io.smoothkd.core.training.RunConfig;
import io.smoothkd.core.training.RunFolder;
import io.smoothkd.core.training.Runs;
import io.smoothkd.core.training.Trainer;
import io.smoothkd.core.training.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import io.smoothkd.core.data.Augmentation;
import io.smoothkd.core.information.MutualInformationProbe;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
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
public final class TeacherTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherTrainer.class);
    /** The mutual-information points measured so far, rewritten after every epoch. */
    public static final String MI_CURVE = RunFolder.MI_CURVE;
    private final DatasetRepository repository;

    public TeacherTrainer(DatasetRepository repository) {
        this.repository = repository;
    }

    /** What a finished teacher run produced. */
    public record Result(Path folder, Map<String, Object> metrics, MultiLayerNetwork network) {
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
        Fingerprint fingerprint = fingerprint(config, mutualInformation);
        if (resume) {
            Optional<RunFolder> done = RunFolder.finished(out, KIND, fingerprint);
            if (done.isPresent()) {
                LOG.info("teacher {} is already finished", out);
                return new Result(out, done.get().readMap(RunFolder.METRICS), done.get().readModel());
            }
        }
        long start = System.nanoTime();
        ExperimentData data = Runs.load(repository, config);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        // Everything that can be wrong with the input is found before the output folder is touched.
        MultiLayerNetwork net = Networks.build(config.net(), data.train().channels(), data.train().height(),
                data.train().width(), data.classes(), config.networkOptions(data.train().size()), Networks.labelHead());
        RunFolder folder = RunFolder.create(out, KIND, fingerprint, resume, force);
        ImageDataSetIterator it = Runs.trainIterator(data, config);
        List<TrainingListener> listeners = new ArrayList<>();
        MutualInformationProbe probe = null;
        Path curveFile = folder.resolve(MI_CURVE);
        if (mutualInformation.isPresent()) {
            MutualInformationSettings mi = mutualInformation.get();
            Augmentation aug = mi.augmentation(config);
            probe = MutualInformationProbe.of(data.train(), mi.classA(), mi.classB(), mi.perClass(), mi.copies(), aug,
                    mi.every(), MutualInformationProbe.seedOfRun(config.seed()));
            if (resume && Files.exists(curveFile)) {
                probe.restore(readCurve(curveFile));
            }
            listeners.add(probe);
        }
        MutualInformationProbe p = probe;
        TrainingResult training = Runs.discardingOnDivergence(folder, config, () -> new Trainer(
                config.trainingOptions()).fit(net, Runs.epochs(it, i -> i), Runs.validationAccuracy(data.validation()),
                folder.resolve(RunFolder.CHECKPOINTS), resume, Runs.taskName("teacher", out, "α=" + config.alpha()), listeners, state -> {
                    if (p != null) {
                        writeCurve(folder, p);
                    }
                }));
        MultiLayerNetwork trained = training.network();

        Runs.Evaluation evaluation = Runs.evaluate(trained, data, training);
        Map<String, Object> metrics = evaluation.metrics();
        if (probe != null) {
            Map<String, Object> mi = new LinkedHashMap<>(mutualInformation.get().toMap(config));
            mi.put("n", probe.examples());
            mi.put("l", probe.copies());
            mi.put("max_mi", Math.log(probe.examples()));
            mi.put("points", probe.points());
            mi.put("final_mi", probe.measure(trained));
            metrics.put("mutual_information", mi);
        }
        Runs.finish(folder, KIND, config, data, training, trained, evaluation, loadSeconds, start, Map.of());
        LOG.info("{} finished: test error {} %, ECE {}, written to {}", Runs.taskName("teacher", out, "α=" + config.alpha()),
                String.format("%.2f", 100 * (double) metrics.get("test_error")),
                String.format("%.4f", (double) metrics.get("test_ece")), out);
        return new Result(out, metrics, trained);
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
