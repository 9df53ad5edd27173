package io.smoothkd.runs;

import io.smoothkd.core.data.AtomicFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The training loop shared by teacher and student. Each epoch: seed the random stream from (seed, epoch), fit the
 * epoch's batches (progress bar and NaN guard as a {@code TrainingListener}), score validation, then write an
 * atomic checkpoint — {@code checkpoint-<epoch>.zip} (network and updater state through {@code ModelSerializer})
 * followed by {@code checkpoint.json} naming it — and keep {@code best.zip}. With {@code resume} it continues
 * after the last checkpoint, to the same result an uninterrupted run with the same seed gives.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    static final String STATE = "checkpoint.json";
    static final String BEST = "best.zip";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainingOptions options;

    public Trainer(TrainingOptions options) {
        this.options = options;
    }

    /**
     * Checkpoint state, written as {@code checkpoint.json} after every epoch with the conventions of
     * {@code metrics.json}: snake_case keys, epochs numbered from 1 —
     * {@code completed_epochs, checkpoint, best_epoch} (absent before a first validation score)
     * {@code , best_validation_score, epochs_without_improvement, stopped_early, history} (per epoch:
     * {@code epoch, train_loss, validation_score, seconds, examples_per_second}). In memory, as in
     * {@link EpochRecord} and {@link TrainingResult}, epochs are 0-based.
     */
    public static final class State {
        public int completedEpochs;
        public String checkpoint;
        /** 0-based; −1 before a first validation score. */
        public int bestEpoch = -1;
        public double bestScore = Double.NEGATIVE_INFINITY;
        public int epochsWithoutImprovement;
        public boolean stoppedEarly;
        public List<EpochRecord> history = new ArrayList<>();

        /** The state as {@code checkpoint.json} holds it. */
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("completed_epochs", completedEpochs);
            m.put("checkpoint", checkpoint);
            if (bestEpoch >= 0) {
                m.put("best_epoch", bestEpoch + 1);
                m.put("best_validation_score", bestScore);
            }
            m.put("epochs_without_improvement", epochsWithoutImprovement);
            m.put("stopped_early", stoppedEarly);
            m.put("history", history.stream().map(r -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("epoch", r.epoch() + 1);
                e.put("train_loss", r.trainLoss());
                e.put("validation_score", r.validationScore());
                e.put("seconds", r.seconds());
                e.put("examples_per_second", r.examplesPerSecond());
                return e;
            }).toList());
            return m;
        }

        /**
         * Reads {@code checkpoint.json}; also the camelCase, 0-based layout SmoothKD 0.1.0 wrote before, so that a
         * run interrupted under it resumes.
         *
         * @return null when the JSON is neither
         */
        static State fromJson(JsonNode n) {
            boolean legacy = !n.has("completed_epochs") && n.has("completedEpochs");
            JsonNode completed = n.get(legacy ? "completedEpochs" : "completed_epochs");
            JsonNode history = n.get("history");
            if (completed == null || !completed.canConvertToInt() || history == null || !history.isArray()) {
                return null;
            }
            int base = legacy ? 0 : 1; // the number the first epoch has in the file
            State s = new State();
            s.completedEpochs = completed.asInt();
            s.checkpoint = n.path("checkpoint").isTextual() ? n.get("checkpoint").asText() : null;
            JsonNode best = n.get(legacy ? "bestEpoch" : "best_epoch");
            s.bestEpoch = best == null || best.isNull() ? -1 : best.asInt() - base;
            s.bestScore = s.bestEpoch < 0 ? Double.NEGATIVE_INFINITY
                    : n.path(legacy ? "bestScore" : "best_validation_score").asDouble(Double.NaN);
            s.epochsWithoutImprovement = n.path(legacy ? "epochsWithoutImprovement" : "epochs_without_improvement")
                    .asInt();
            s.stoppedEarly = n.path(legacy ? "stoppedEarly" : "stopped_early").asBoolean();
            for (JsonNode e : history) {
                s.history.add(new EpochRecord(e.path("epoch").asInt() - base,
                        e.path(legacy ? "trainLoss" : "train_loss").asDouble(Double.NaN),
                        e.path(legacy ? "validationScore" : "validation_score").asDouble(Double.NaN),
                        e.path("seconds").asDouble(Double.NaN),
                        e.path(legacy ? "examplesPerSecond" : "examples_per_second").asDouble(Double.NaN)));
            }
            return s;
        }
    }

    /**
     * Trains.
     *
     * @param net           a freshly initialised network (ignored when resuming from a checkpoint)
     * @param batches       the training batches of each epoch
     * @param validation    validation score of a network, higher is better (e.g. accuracy)
     * @param checkpointDir folder for checkpoints (created)
     * @param resume        continue from the checkpoint in {@code checkpointDir} if there is one
     * @param task          name shown on the progress bar
     */
    public TrainingResult fit(MultiLayerNetwork net, EpochBatches batches, ToDoubleFunction<MultiLayerNetwork> validation,
                              Path checkpointDir, boolean resume, String task) throws IOException {
        return fit(net, batches, validation, checkpointDir, resume, task, List.of(), s -> { });
    }

    /**
     * Trains with extra listeners (e.g. a measurement during training) and a hook called after each epoch's
     * checkpoint (e.g. to persist what the listeners measured, so that a resume can restore it).
     */
    public TrainingResult fit(MultiLayerNetwork net, EpochBatches batches, ToDoubleFunction<MultiLayerNetwork> validation,
                              Path checkpointDir, boolean resume, String task, List<TrainingListener> extraListeners,
                              java.util.function.Consumer<State> afterEpoch) throws IOException {
        Files.createDirectories(checkpointDir);
        io.smoothkd.core.nets.OffHeapMemory.collectEvery(io.smoothkd.core.nets.OffHeapMemory.DEFAULT_WINDOW);
        State state = new State();
        Path stateFile = checkpointDir.resolve(STATE);
        int resumedFrom = 0;
        State saved = resume ? readState(checkpointDir, task) : null;
        boolean fast = io.smoothkd.core.nets.FastLayers.uses(net); // a restored network gets the layers it was given
        if (saved != null) {
            state = saved;
            Path checkpoint = checkpointDir.resolve(state.checkpoint);
            try {
                net = fastIf(fast, ModelSerializer.restoreMultiLayerNetwork(checkpoint.toFile(), true));
            } catch (Exception | Error e) {
                throw new IllegalArgumentException(checkpoint + " is not a readable DL4J checkpoint ("
                        + e.getClass().getSimpleName() + "): use --force to start the run again");
            }
            resumedFrom = state.completedEpochs;
            LOG.info("{}: resuming after epoch {} from {}", task, state.completedEpochs,
                    checkpointDir.resolve(state.checkpoint));
        }
        while (state.completedEpochs < options.epochs() && !state.stoppedEarly) {
            int epoch = state.completedEpochs;
            Nd4j.getRandom().setSeed(options.seed() * 1_000_003L + epoch);
            DataSetIterator it = batches.epoch(epoch);
            long start = System.nanoTime();
            double loss;
            try (ProgressListener progress = new ProgressListener(task + " epoch " + (epoch + 1) + "/"
                    + options.epochs(), epoch, batches.examplesPerEpoch(), Math.max(1, it.batch()))) {
                List<TrainingListener> listeners = new ArrayList<>();
                listeners.add(progress);
                listeners.addAll(extraListeners);
                net.setListeners(listeners);
                MultiLayerNetwork fitted = net;
                io.smoothkd.core.nets.FastLayers.fitting(fitted, () -> fitted.fit(it));
                loss = progress.meanLoss();
            } finally {
                net.setListeners();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            io.smoothkd.core.nets.OffHeapMemory.collectOccasionally(); // what the epoch's last steps left
            double score = validation.applyAsDouble(net);
            EpochRecord record = new EpochRecord(epoch, loss, score, seconds, batches.examplesPerEpoch() / seconds);
            state.history.add(record);
            LOG.info("{} epoch {}/{}: loss {}, val {}, {} s, {} ex/s", task, epoch + 1, options.epochs(),
                    String.format("%.4f", loss), String.format("%.4f", score), String.format("%.1f", seconds),
                    String.format("%.0f", record.examplesPerSecond()));
            boolean improved = score > state.bestScore;
            if (improved) {
                state.bestScore = score;
                state.bestEpoch = epoch;
                state.epochsWithoutImprovement = 0;
            } else {
                state.epochsWithoutImprovement++;
            }
            state.completedEpochs = epoch + 1;
            if (options.earlyStoppingPatience() > 0 && state.epochsWithoutImprovement >= options.earlyStoppingPatience()
                    && state.completedEpochs < options.epochs()) {
                state.stoppedEarly = true;
                LOG.info("{}: early stop after epoch {}: no better validation score for {} epochs (best: epoch {})",
                        task, epoch + 1, state.epochsWithoutImprovement, state.bestEpoch + 1);
            }
            String previous = state.checkpoint;
            state.checkpoint = "checkpoint-" + state.completedEpochs + ".zip";
            writeModel(net, checkpointDir.resolve(state.checkpoint));
            if (improved) { // the best network is this checkpoint: copy the file rather than serialise twice
                AtomicFiles.copy(checkpointDir.resolve(state.checkpoint), checkpointDir.resolve(BEST));
            }
            afterEpoch.accept(state);
            writeJson(state.toJson(), stateFile);
            if (previous != null && !previous.equals(state.checkpoint)) {
                Files.deleteIfExists(checkpointDir.resolve(previous));
            }
        }
        MultiLayerNetwork result = net;
        if (options.restoreBest() && state.bestEpoch >= 0 && state.bestEpoch != state.completedEpochs - 1) {
            result = fastIf(fast, ModelSerializer.restoreMultiLayerNetwork(
                    checkpointDir.resolve(BEST).toFile(), true));
            LOG.info("{}: using the network of epoch {} (best validation score {})", task, state.bestEpoch + 1,
                    String.format("%.4f", state.bestScore));
        }
        return new TrainingResult(result, List.copyOf(state.history), state.bestEpoch, state.stoppedEarly, resumedFrom);
    }

    private static MultiLayerNetwork fastIf(boolean fast, MultiLayerNetwork net) {
        return fast ? io.smoothkd.core.nets.FastLayers.of(net) : net;
    }

    /** A checkpoint's file name, as {@code checkpoint.json} may name it: a plain file in the checkpoint folder. */
    private static final java.util.regex.Pattern CHECKPOINT_NAME = java.util.regex.Pattern.compile("checkpoint-\\d+\\.zip");

    /**
     * The checkpoint state to resume from, or null to start afresh. An empty or unreadable {@code checkpoint.json}
     * (an interrupted write, a power loss) is warned about and ignored; one naming a file outside the checkpoint
     * folder, or a missing checkpoint, is an error: the folder is never followed out of.
     */
    private static State readState(Path checkpointDir, String task) throws IOException {
        Path stateFile = checkpointDir.resolve(STATE);
        if (!Files.exists(stateFile)) {
            return null;
        }
        State state;
        try {
            state = Files.size(stateFile) == 0 ? null : State.fromJson(JSON.readTree(stateFile.toFile()));
        } catch (IOException e) {
            state = null;
        }
        if (state == null) {
            LOG.warn("{}: {} is empty or unreadable (an interrupted write?); training starts again from epoch 1",
                    task, stateFile);
            return null;
        }
        Path checkpoint = state.checkpoint == null ? null : checkpointDir.resolve(state.checkpoint).normalize();
        if (state.checkpoint == null || !CHECKPOINT_NAME.matcher(state.checkpoint).matches()
                || !checkpoint.getParent().equals(checkpointDir.normalize())) {
            throw new IllegalArgumentException(stateFile + ": checkpoint '" + state.checkpoint + "' is not a file"
                    + " checkpoint-<epoch>.zip inside " + checkpointDir + "; expected the state this folder's training wrote");
        }
        if (!Files.isRegularFile(checkpoint, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(stateFile + " names " + checkpoint + ", which is missing (or not a"
                    + " plain file): use --force to start the run again");
        }
        if (state.completedEpochs < 0 || state.history == null) {
            throw new IllegalArgumentException(stateFile + ": malformed checkpoint state (completed_epochs "
                    + state.completedEpochs + ")");
        }
        return state;
    }

    /** Writes a model (with its updater state) atomically and durably. */
    public static void writeModel(MultiLayerNetwork net, Path file) throws IOException {
        AtomicFiles.write(file, out -> ModelSerializer.writeModel(net, AtomicFiles.nonClosing(out), true));
    }

    private static void writeJson(Object value, Path file) {
        try {
            AtomicFiles.write(file, out -> JSON.writeValue(AtomicFiles.nonClosing(out), value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
