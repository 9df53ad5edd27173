package io.smoothkd.runs;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.representation.NetworkLogits;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The steps a teacher and a student run share: loading and splitting the data of a {@link RunConfig}, the
 * epoch batches, the validation score, and the final logits of every training row and test example.
 */
public final class Runs {
    /** Batch size for inference over whole sets. */
    public static final int INFERENCE_BATCH = 1000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Runs.class);

    private Runs() {
    }

    /** A training that may diverge. */
    public interface Training {
        TrainingResult run() throws IOException;
    }

    /**
     * Runs a training; when it diverges (the loss became NaN or infinite) the run's files are removed from its
     * folder, so that a rerun with other settings (a lower learning rate) is accepted, and the exception says so.
     */
    public static TrainingResult discardingOnDivergence(RunFolder folder, RunConfig config, Training training)
            throws IOException {
        try {
            return training.run();
        } catch (TrainingDivergedException e) {
            folder.discard();
            throw new TrainingDivergedException(e.getMessage() + "; the run's files in " + folder.path()
                    + " were removed, so a rerun starts afresh (try a learning rate below " + config.learningRate()
                    + ")");
        }
    }

    /** Warns when a finished training is no better than chance (e.g. a learning rate of 1e6): exit 0, but said. */
    static void warnNearChance(String kind, RunConfig config, Map<String, Object> metrics, int classes) {
        Object v = metrics.get("validation_accuracy");
        if (!(v instanceof Number n) || classes < 2) {
            return;
        }
        double chance = 1.0 / classes;
        double accuracy = n.doubleValue();
        boolean highRate = config.learningRate() > 0.1;
        // near chance: below 1.5 × chance; with a learning rate far above Adam's range, below 2.5 × chance
        if (accuracy < 1.5 * chance || highRate && accuracy < 2.5 * chance) {
            LOG.warn("{} training ended near chance: validation accuracy {} with {} classes (chance {}){}", kind,
                    String.format("%.3f", accuracy), classes, String.format("%.3f", chance),
                    highRate ? "; the learning rate " + config.learningRate()
                            + " is far above Adam's usual 1e-4 ... 1e-2" : "; check the learning rate and the data");
        }
    }

    public static ExperimentData load(DatasetRepository repository, RunConfig config) throws IOException {
        return ExperimentData.load(repository, config.dataset(), config.validationSize(), config.trainLimit(),
                config.testLimit(), config.seed());
    }

    /**
     * The training augmentation of a configuration: elastic distortion (α, σ) when on, then random translation by up to
     * {@code jitter} pixels; none when both are off.
     */
    public static Augmentation augmentation(RunConfig config) {
        return Augmentation.none().withElasticDistortion(config.elasticAlpha(), config.elasticSigma())
                .withRandomTranslation(config.jitter());
    }

    /** A shuffling, augmenting, label-smoothing iterator over the training examples. */
    public static ImageDataSetIterator trainIterator(ExperimentData data, RunConfig config) {
        return ImageDataSetIterator.over(data.train()).batchSize(config.batchSize()).shuffle(true).seed(config.seed())
                .augmentation(augmentation(config)).labelSmoothing(config.alpha()).build();
    }

    /** Epoch batches of an iterator that can be positioned at any epoch. */
    public static EpochBatches epochs(ImageDataSetIterator it, java.util.function.Function<ImageDataSetIterator,
            DataSetIterator> wrap) {
        return new EpochBatches() {
            @Override
            public DataSetIterator epoch(int epoch) {
                it.startEpoch(epoch);
                return wrap.apply(it);
            }

            @Override
            public long examplesPerEpoch() {
                return it.data().size();
            }
        };
    }

    /** Validation accuracy of a network. */
    public static ToDoubleFunction<MultiLayerNetwork> validationAccuracy(LabeledImages validation) {
        return net -> NetworkLogits.accuracy(NetworkLogits.of(net, validation.features(), INFERENCE_BATCH),
                validation.labels());
    }

    public static INDArray logits(MultiLayerNetwork net, LabeledImages data) {
        return NetworkLogits.of(net, data.features(), INFERENCE_BATCH);
    }

    /**
     * A trained network's logits of every row of the training file (file order) and of the test set, and the
     * {@code metrics.json} map computed from them (temperature fitted on the validation rows).
     *
     * @param startNanos when the evaluation began ({@code System.nanoTime()}), for the provenance's timings
     */
    public record Evaluation(INDArray trainLogits, INDArray testLogits, Map<String, Object> metrics, long startNanos) {
    }

    public static Evaluation evaluate(MultiLayerNetwork trained, ExperimentData data, TrainingResult training) {
        long start = System.nanoTime();
        LOG.info("computing the logits of {} training-file rows (validation rows included) and {} test rows",
                data.fullTrain().size(), data.test().size());
        INDArray trainLogits = logits(trained, data.fullTrain());
        INDArray testLogits = logits(trained, data.test());
        io.smoothkd.core.nets.OffHeapMemory.collectOccasionally();
        Map<String, Object> metrics = RunMetrics.of(Nd4j.pullRows(trainLogits, 1, data.validationRows()),
                data.validation().labels(), testLogits, data.test().labels(), training);
        return new Evaluation(trainLogits, testLogits, metrics, start);
    }

    /**
     * Writes a finished run: model, logits, metrics, and provenance last (it marks the run finished).
     *
     * @param kind        "teacher" or "student"
     * @param loadSeconds time spent loading the data
     * @param startNanos  when this process started the run
     * @param extra       further provenance entries (e.g. the teacher a student learned from)
     */
    public static void finish(RunFolder folder, String kind, RunConfig config, ExperimentData data,
                              TrainingResult training, MultiLayerNetwork trained, Evaluation evaluation,
                              double loadSeconds, long startNanos, Map<String, Object> extra) throws IOException {
        warnNearChance(kind, config, evaluation.metrics(), data.classes());
        folder.writeModel(trained);
        folder.writeArray(RunFolder.LOGITS_TRAIN, evaluation.trainLogits());
        folder.writeArray(RunFolder.LOGITS_TEST, evaluation.testLogits());
        long[] testLabels = java.util.Arrays.stream(data.test().labels()).asLongStream().toArray();
        folder.writeArray(RunFolder.LABELS_TEST, Nd4j.createFromArray(testLabels)); // so calibration --labels works
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("load_data", loadSeconds);
        timings.put("train", training.trainingSeconds());
        timings.put("evaluate", (System.nanoTime() - evaluation.startNanos()) / 1e9);
        timings.put("total_this_process", (System.nanoTime() - startNanos) / 1e9);
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("classes", data.classes());
        more.put("input_shape", new int[] {data.train().channels(), data.train().height(), data.train().width()});
        more.put("resumed_from_epoch", training.resumedFrom());
        more.putAll(extra);
        folder.finish(evaluation.metrics(), Provenance.of(kind, config.toMap(), data.checksums(), timings, more));
    }

    /**
     * The name a training shows on its progress bar and log lines: the run folder's name when it already names the
     * run (a suite's cell id, e.g. {@code student-mnist-from-a0.1-T4-b0.6-s1}), else {@code kind} and {@code detail}
     * (e.g. {@code teacher α=0.1}), so that two runs never log under one name.
     */
    public static String taskName(String kind, java.nio.file.Path out, String detail) {
        java.nio.file.Path name = out.toAbsolutePath().normalize().getFileName();
        String folder = name == null ? "" : name.toString();
        return folder.startsWith(kind + "-") ? folder : kind + " " + detail;
    }
}
