package io.smoothkd.core.training;

import io.smoothkd.core.nets.Networks;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

    /** Checkpoint state, written as JSON after every epoch. */
    public static final class State {
        public int completedEpochs;
        public String checkpoint;
        public int bestEpoch = -1;
        public double bestScore = Double.NEGATIVE_INFINITY;
        public int epochsWithoutImprovement;
        public boolean stoppedEarly;
        public List<EpochRecord> history = new ArrayList<>();
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
        State state = new State();
        Path stateFile = checkpointDir.resolve(STATE);
        int resumedFrom = 0;
        if (resume && Files.exists(stateFile)) {
            state = JSON.readValue(stateFile.toFile(), State.class);
            net = Networks.withFastLayers(ModelSerializer.restoreMultiLayerNetwork(
                    checkpointDir.resolve(state.checkpoint).toFile(), true));
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
                net.fit(it);
                loss = progress.meanLoss();
            } finally {
                net.setListeners();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
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
                copyAtomically(checkpointDir.resolve(state.checkpoint), checkpointDir.resolve(BEST));
            }
            afterEpoch.accept(state);
            writeJson(state, stateFile);
            if (previous != null && !previous.equals(state.checkpoint)) {
                Files.deleteIfExists(checkpointDir.resolve(previous));
            }
        }
        MultiLayerNetwork result = net;
        if (options.restoreBest() && state.bestEpoch >= 0 && state.bestEpoch != state.completedEpochs - 1) {
            result = Networks.withFastLayers(ModelSerializer.restoreMultiLayerNetwork(
                    checkpointDir.resolve(BEST).toFile(), true));
            LOG.info("{}: using the network of epoch {} (best validation score {})", task, state.bestEpoch + 1,
                    String.format("%.4f", state.bestScore));
        }
        return new TrainingResult(result, List.copyOf(state.history), state.bestEpoch, state.stoppedEarly, resumedFrom);
    }

    /** Whether a checkpoint folder holds a resumable state. */
    public static boolean hasCheckpoint(Path checkpointDir) {
        return Files.exists(checkpointDir.resolve(STATE));
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = Files.createTempFile(to.toAbsolutePath().getParent(), "." + to.getFileName(), ".tmp");
        try {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a model through a temporary file renamed into place. */
    public static void writeModel(MultiLayerNetwork net, Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeJson(Object value, Path file) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), value);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
