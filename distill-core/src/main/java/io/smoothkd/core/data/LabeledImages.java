package io.smoothkd.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * A labelled image data set held in memory: one row of pixels per example, flattened channel-major
 * (NCHW: all of channel 0 row by row, then channel 1, …), with values in [0, 1], and one class index per
 * example. DL4J networks read such rows through {@code InputType.convolutionalFlat(height, width, channels)}.
 * <p>
 * The arrays are not copied: treat them as read-only. Equality is record equality, so two instances are
 * equal only when they share the same array objects.
 *
 * @param name     what the data is, e.g. {@code "mnist-train"}; used in messages and provenance
 * @param features float32 {@code [n, channels·height·width]}
 * @param labels   class index of each example, in [0, classes), length n
 * @param classes  number of classes K
 * @param channels image channels C
 * @param height   image height H in pixels
 * @param width    image width W in pixels
 */
public record LabeledImages(String name, INDArray features, int[] labels, int classes, int channels, int height,
                            int width) {

    /**
     * Checks that shapes and labels agree.
     *
     * @throws IllegalArgumentException for a null part, a non-positive size, features that are not a float32
     *                                  matrix of n rows and C·H·W columns, or a label outside [0, classes)
     */
    public LabeledImages {
        if (name == null || features == null || labels == null) {
            throw new IllegalArgumentException("labeled images need a name, features and labels (got null)");
        }
        if (classes < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": classes, channels, height and width must be >= 1, got "
                    + classes + ", " + channels + ", " + height + ", " + width);
        }
        long columns = (long) channels * height * width;
        if (features.rank() != 2 || features.size(0) != labels.length || features.size(1) != columns) {
            throw new IllegalArgumentException(name + ": features must be [" + labels.length + ", " + columns
                    + "] (one row of C·H·W = " + channels + "·" + height + "·" + width + " pixels per label), got "
                    + Arrays.toString(features.shape()));
        }
        if (features.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(name + ": features must be float32, got " + features.dataType());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    /** Number of examples n. */
    public int size() {
        return labels.length;
    }

    /** Pixels per example, C·H·W. */
    public int featureCount() {
        return channels * height * width;
    }

    /**
     * The examples at the given indices, in that order (an index may repeat), as new arrays.
     *
     * @throws IllegalArgumentException for an empty index list or an index outside [0, n)
     */
    public LabeledImages subset(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException(name + ": a subset needs at least one index");
        }
        int[] subLabels = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= labels.length) {
                throw new IllegalArgumentException(name + ": index " + i + " is outside [0, " + labels.length + ")");
            }
            subLabels[j] = labels[i];
        }
        INDArray rows = Nd4j.pullRows(features, 1, indices);
        return new LabeledImages(name, rows, subLabels, classes, channels, height, width);
    }
}
