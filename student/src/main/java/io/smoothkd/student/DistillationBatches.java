package io.smoothkd.student;

import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.loss.DistillationLoss;
import io.smoothkd.core.representation.NetworkLogits;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Training batches for {@link DistillationLoss}: each batch's labels become {@code [hard targets | teacher
 * logits]}. Without augmentation the teacher logits are looked up in the cache of the teacher's run folder (by
 * the batch's rows in the training file); with augmentation the teacher runs forward on the very same augmented
 * batch the student sees.
 */
public final class DistillationBatches implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private final ImageDataSetIterator inner;
    private final INDArray cachedLogits;
    private final int[] trainRows;
    private final transient MultiLayerNetwork teacher;

    private DistillationBatches(ImageDataSetIterator inner, INDArray cachedLogits, int[] trainRows,
                                MultiLayerNetwork teacher) {
        this.inner = inner;
        this.cachedLogits = cachedLogits;
        this.trainRows = trainRows;
        this.teacher = teacher;
    }

    /** Teacher logits from the cache: {@code cachedLogits} has a row per training-file row. */
    public static DistillationBatches cached(ImageDataSetIterator inner, INDArray cachedLogits, int[] trainRows) {
        return new DistillationBatches(inner, cachedLogits, trainRows, null);
    }

    /** Teacher logits computed on each (augmented) batch. */
    public static DistillationBatches online(ImageDataSetIterator inner, MultiLayerNetwork teacher) {
        return new DistillationBatches(inner, null, null, teacher);
    }

    @Override
    public DataSet next(int num) {
        return pack(inner.next(num));
    }

    @Override
    public DataSet next() {
        return pack(inner.next());
    }

    private DataSet pack(DataSet batch) {
        INDArray teacherLogits;
        if (teacher != null) {
            teacherLogits = NetworkLogits.of(teacher, batch.getFeatures(), Integer.MAX_VALUE);
        } else {
            int[] idx = inner.lastBatchIndices();
            int[] rows = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                rows[i] = trainRows[idx[i]];
            }
            teacherLogits = Nd4j.pullRows(cachedLogits, 1, rows); // one native gather, not a copy per row
        }
        return new DataSet(batch.getFeatures(), DistillationLoss.packLabels(batch.getLabels(), teacherLogits));
    }

    @Override
    public int inputColumns() {
        return inner.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return 2 * inner.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return inner.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public int batch() {
        return inner.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("DistillationBatches takes no preprocessor");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return inner.getLabels();
    }

    @Override
    public boolean hasNext() {
        return inner.hasNext();
    }
}
