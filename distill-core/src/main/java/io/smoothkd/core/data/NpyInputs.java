package io.smoothkd.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the {@code .npy} arrays a user hands over (logits and labels written by any framework) with every check
 * a metric needs first: rank, emptiness, finite values, label range. Every problem is an
 * {@link IllegalArgumentException} of one line that starts with the file.
 */
public final class NpyInputs {
    private NpyInputs() {
    }

    /** Reads a .npy file; a missing, unreadable or malformed file is an IllegalArgumentException. */
    public static INDArray read(Path file) {
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": unreadable .npy file (" + e.getMessage() + ")");
        }
    }

    /** A 2-d float array {@code [n, k]} with only finite values and at least {@code minRows} rows. */
    public static INDArray readFiniteMatrix(Path file, String what, String dims) {
        INDArray a = read(file);
        if (a.rank() != 2) {
            throw new IllegalArgumentException(file + ": expected a 2-d array " + dims + " of " + what
                    + ", got shape " + Arrays.toString(a.shape()));
        }
        if (a.length() == 0) {
            throw new IllegalArgumentException(file + ": the array is empty (shape "
                    + Arrays.toString(a.shape()) + "), expected " + what);
        }
        INDArray d = a.castTo(DataType.DOUBLE);
        if (d.isNaN().any() || d.isInfinite().any()) {
            double[] v = d.dup('c').data().asDouble();
            int cols = (int) d.size(1);
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException(file + ": " + what + " contain " + v[i] + " at row "
                            + (i / cols) + ", column " + (i % cols) + "; expected finite numbers");
                }
            }
        }
        return d;
    }

    /**
     * Class labels for {@code n} examples and {@code k} classes: integer indices {@code [n]} (or {@code [n, 1]}),
     * or one-hot / probability rows {@code [n, k]} (the label is the row's argmax).
     */
    public static int[] readLabels(Path file, long n, long k) {
        INDArray a = read(file);
        String expected = "expected int class indices [" + n + "] or one-hot [" + n + ", " + k + "]";
        if (a.rank() == 2 && a.size(1) == k && k > 1) {
            if (a.size(0) != n) {
                throw new IllegalArgumentException(file + ": label count " + a.size(0)
                        + " does not match the " + n + " logit rows");
            }
            INDArray d = a.castTo(DataType.DOUBLE);
            if (d.isNaN().any() || d.isInfinite().any()) {
                throw new IllegalArgumentException(file + ": one-hot labels contain NaN or Inf; " + expected);
            }
            return d.argMax(1).toIntVector();
        }
        if (a.rank() == 2 && a.size(1) == 1) {
            a = a.reshape(a.size(0));
        }
        if (a.rank() != 1) {
            throw new IllegalArgumentException(file + ": shape " + Arrays.toString(a.shape()) + "; " + expected);
        }
        if (a.size(0) != n) {
            throw new IllegalArgumentException(file + ": label count " + a.size(0)
                    + " does not match the " + n + " logit rows");
        }
        double[] v = a.castTo(DataType.DOUBLE).data().asDouble();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(file + ": label " + v[i] + " of example " + i
                        + " is not an integer; " + expected);
            }
            if (v[i] < 0 || v[i] >= k) {
                throw new IllegalArgumentException(file + ": label " + (long) v[i] + " of example " + i
                        + " is outside [0, " + k + ") for logits with " + k + " classes");
            }
            labels[i] = (int) v[i];
        }
        return labels;
    }
}
