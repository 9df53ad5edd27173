package io.smoothkd.runs;

import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.nets.Networks;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sequence every training run follows, in the spirit of Tribuo's {@code AbstractSGDTrainer}: this class owns it,
 * a subclass (teacher, student) fills in a few hooks through a {@link Spec}:
 * <ol>
 *   <li>load and split the data of the {@link RunConfig};</li>
 *   <li>{@link Spec#prepare}: open and check whatever else the run needs (a teacher artifact) and say what
 *   determines its result (the fingerprint), before anything is written;</li>
 *   <li>with {@code resume}, return a run already finished with that fingerprint as it is; else {@link Spec#load}
 *   what the training needs besides the data;</li>
 *   <li>build the network ({@link Spec#head}), create or reopen the run folder;</li>
 *   <li>fit with the shared checkpointing {@link Trainer} on the spec's {@link Spec#batches} and
 *   {@link Spec#listeners}, removing the run's files when the training diverges;</li>
 *   <li>evaluate (logits of every training row and of the test set, {@code metrics.json}),
 *   {@link Spec#finishing} adds the subclass's metrics and provenance, and write the finished run (provenance last).</li>
 * </ol>
 */
public abstract class RunTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(RunTrainer.class);

    /** What a finished run produced: its folder, its {@code metrics.json} and the trained network. */
    public record Result(Path folder, Map<String, Object> metrics, MultiLayerNetwork network) {
    }

    private final String kind;
    private final DatasetRepository repository;

    protected RunTrainer(String kind, DatasetRepository repository) {
        this.kind = kind;
        this.repository = repository;
    }

    /** The kind of run ("teacher", "student"): in its run folder's marker and provenance. */
    public final String kind() {
        return kind;
    }

    /** What one run adds to the shared sequence. */
    protected interface Spec {
        /**
         * Opens and checks what the run needs besides its data (nothing is written yet) and returns what determines
         * the run's result.
         */
        Fingerprint prepare(ExperimentData data) throws IOException;

        /**
         * Reads what the training needs that a finished run would not (e.g. the teacher's model and logits), after
         * the check for a finished run and still before anything is written.
         */
        default void load(ExperimentData data) throws IOException {
        }

        /** The output layer's activation and loss. */
        Networks.Head head();

        /** A short description for the progress bar when the run folder's name does not name the run. */
        String detail();

        /** The batches of each epoch; by default the training iterator's own. */
        default EpochBatches batches(ExperimentData data, ImageDataSetIterator it) throws IOException {
            return Runs.epochs(it, i -> i);
        }

        /** Listeners of the fit besides the progress bar (e.g. a probe measuring during training). */
        default List<TrainingListener> listeners(RunFolder folder, ExperimentData data, boolean resume)
                throws IOException {
            return List.of();
        }

        /** Called after every epoch, before its checkpoint is recorded (e.g. to persist what a listener measured). */
        default void afterEpoch(RunFolder folder) {
        }

        /**
         * Adds the run's own entries to {@code metrics} (its {@code metrics.json}) and returns further provenance
         * entries.
         */
        default Map<String, Object> finishing(MultiLayerNetwork trained, ExperimentData data, Runs.Evaluation evaluation,
                                              Map<String, Object> metrics) throws IOException {
            return Map.of();
        }

        /** What the "finished" log line says after the test error (e.g. ", ECE 0.0123"). */
        default String summary(Map<String, Object> metrics) {
            return "";
        }
    }

    /**
     * Runs the sequence (see the class comment) into the run folder {@code out}.
     *
     * @param resume continue from the folder's checkpoints (a finished run is returned as it is)
     * @param force  replace whatever the folder holds
     */
    protected final Result run(RunConfig config, Path out, boolean resume, boolean force, Spec spec)
            throws IOException {
        long start = System.nanoTime();
        ExperimentData data = Runs.load(repository, config);
        Fingerprint fingerprint = spec.prepare(data);
        if (resume) {
            Optional<RunFolder> done = RunFolder.finished(out, kind, fingerprint);
            if (done.isPresent()) {
                LOG.info("{} {} is already finished", kind, out);
                return new Result(out, done.get().readMap(RunFolder.METRICS), done.get().readModel());
            }
        }
        spec.load(data);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        // Everything that can be wrong with the input is found before the output folder is touched.
        MultiLayerNetwork net = Networks.buildFast(config.net(), data.train().channels(), data.train().height(),
                data.train().width(), data.classes(), config.networkOptions(data.train().size()), spec.head());
        RunFolder folder = RunFolder.create(out, kind, fingerprint, resume, force);
        ImageDataSetIterator it = Runs.trainIterator(data, config);
        EpochBatches batches = spec.batches(data, it);
        List<TrainingListener> listeners = spec.listeners(folder, data, resume);
        String task = Runs.taskName(kind, out, spec.detail());
        TrainingResult training = Runs.discardingOnDivergence(folder, config, () -> new Trainer(
                config.trainingOptions()).fit(net, batches, Runs.validationAccuracy(data.validation()),
                folder.resolve(RunFolder.CHECKPOINTS), resume, task, listeners, state -> spec.afterEpoch(folder)));
        MultiLayerNetwork trained = training.network();
        Runs.Evaluation evaluation = Runs.evaluate(trained, data, training);
        Map<String, Object> metrics = evaluation.metrics();
        Map<String, Object> extra = spec.finishing(trained, data, evaluation, metrics);
        Runs.finish(folder, kind, config, data, training, trained, evaluation, loadSeconds, start, extra);
        LOG.info("{} finished: test error {} %{}, written to {}", task,
                String.format("%.2f", 100 * (double) metrics.get("test_error")), spec.summary(metrics), out);
        return new Result(out, metrics, trained);
    }
}
