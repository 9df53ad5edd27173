package io.smoothkd.core.data;

import io.smoothkd.core.targets.LabelSmoothing;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A DL4J {@link DataSetIterator} over {@link LabeledImages}: mini-batches of features {@code [b, C·H·W]} and
 * float32 targets {@code [b, K]}, one-hot or label-smoothed ({@code y·(1 − α) + α/K}). Each epoch visits
 * every example exactly once; the last batch of an epoch may be smaller.
 * <p>
 * <b>Epochs and seeds.</b> Epoch e draws everything from {@code new Random(seed + e)}: first the order of the
 * examples (a Fisher–Yates shuffle, or the original order when shuffling is off), then the augmentation of
 * each batch in turn. {@link #reset()} moves on to the next epoch if the current one has delivered a batch,
 * and otherwise only rewinds it, so a reset before the first epoch (as some training loops do) does not skip
 * epoch 0. {@link #startEpoch(int)} jumps to any epoch, e.g. to resume training.
 * <p>
 * <b>Which examples.</b> {@link #lastBatchIndices()} gives the rows of the data set in the batch just
 * returned (also stored as the batch's example metadata), so a student trainer can look up cached teacher
 * logits. For that reason the iterator is not {@linkplain #asyncSupported() async}: DL4J's prefetching would
 * run ahead of the consumer. Not thread-safe, and not meant to be serialised despite the interface.
 */
public final class ImageDataSetIterator implements DataSetIterator {
    private final LabeledImages data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmentation augmentation;
    private final double labelSmoothing;
    private DataSetPreProcessor preProcessor;

    private int epoch;
    private int cursor;
    private int[] order;
    private Random random;
    private int[] lastBatchIndices = new int[0];

    private ImageDataSetIterator(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.augmentation = b.augmentation;
        this.labelSmoothing = b.labelSmoothing;
        startEpoch(0);
    }

    /** Starts describing an iterator over {@code data} (defaults: batch 128, shuffled with seed 0, no augmentation, α = 0). */
    public static Builder over(LabeledImages data) {
        return new Builder(data);
    }

    /** Options of an {@link ImageDataSetIterator}. */
    public static final class Builder {
        private final LabeledImages data;
        private int batchSize = 128;
        private boolean shuffle = true;
        private long seed;
        private Augmentation augmentation = Augmentation.none();
        private double labelSmoothing;

        private Builder(LabeledImages data) {
            if (data == null) {
                throw new IllegalArgumentException("the iterator needs a data set, got null");
            }
            this.data = data;
        }

        /** Examples per batch, ≥ 1. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the examples in a shuffled order (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of epoch 0; epoch e uses {@code seed + e}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Augmentation applied to every batch (default {@link Augmentation#none()}). */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = augmentation == null ? Augmentation.none() : augmentation;
            return this;
        }

        /** Label smoothing α ∈ [0, 1] of the targets (default 0: one-hot). */
        public Builder labelSmoothing(double alpha) {
            if (!(alpha >= 0.0 && alpha <= 1.0)) {
                throw new IllegalArgumentException("label smoothing alpha must be in [0, 1], got " + alpha);
            }
            this.labelSmoothing = alpha;
            return this;
        }

        /** The iterator, positioned at the start of epoch 0. */
        public ImageDataSetIterator build() {
            return new ImageDataSetIterator(this);
        }
    }

    /** The data set iterated over. */
    public LabeledImages data() {
        return data;
    }

    /** The current epoch, starting at 0. */
    public int epoch() {
        return epoch;
    }

    /** Rewinds to the start of epoch {@code e} ≥ 0, with its order and augmentation drawn from {@code seed + e}. */
    public void startEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        epoch = e;
        cursor = 0;
        random = new Random(seed + e);
        if (shuffle) {
            order = ValidationSplit.shuffledRange(data.size(), random);
        } else {
            order = new int[data.size()];
            Arrays.setAll(order, i -> i);
        }
    }

    /** Rows of the data set in the batch most recently returned, in batch order (empty before the first). */
    public int[] lastBatchIndices() {
        return lastBatchIndices.clone();
    }

    /** Batches per epoch, ⌈n / batch size⌉. */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /** The next {@code num} examples of this epoch (fewer at its end). */
    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + data.name() + " is finished; call reset()");
        }
        int end = Math.min(order.length, cursor + num);
        int[] indices = Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        INDArray features = Nd4j.pullRows(data.features(), 1, indices);
        if (!augmentation.isIdentity()) {
            features = augmentation.apply(features, data.channels(), data.height(), data.width(), random);
        }
        int[] labels = new int[indices.length];
        List<Integer> metadata = new ArrayList<>(indices.length);
        for (int j = 0; j < indices.length; j++) {
            labels[j] = data.labels()[indices[j]];
            metadata.add(indices[j]);
        }
        DataSet batch = new DataSet(features, LabelSmoothing.smooth(labels, data.classes(), labelSmoothing));
        batch.setExampleMetaData(metadata);
        lastBatchIndices = indices;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public int inputColumns() {
        return data.featureCount();
    }

    @Override
    public int totalOutcomes() {
        return data.classes();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: batches must be consumed in step with {@link #lastBatchIndices()}. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Moves to the next epoch if this one has delivered a batch, else rewinds this one. */
    @Override
    public void reset() {
        startEpoch(cursor > 0 ? epoch + 1 : epoch);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** The class indices as strings, "0" … "K−1". */
    @Override
    public List<String> getLabels() {
        List<String> names = new ArrayList<>(data.classes());
        for (int k = 0; k < data.classes(); k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }
}
