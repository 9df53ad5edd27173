package io.smoothkd.experiments.cli;

import io.smoothkd.core.data.Npy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads the {@code .npy} arrays a command is given, turning every problem into a one-line
 * {@link UserInputException} that names the file and the option it came from.
 */
final class ArrayFiles {
    private ArrayFiles() {
    }

    /** Reads a .npy file; a missing, unreadable or malformed file is a user error. */
    static INDArray read(Path file, String option) {
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw new UserInputException(option + " " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UserInputException(option + " " + file + ": unreadable .npy file (" + e.getMessage() + ")");
        }
    }

    /** A 2-d float array {@code [n, k]} with only finite values and at least {@code minRows} rows. */
    static INDArray readFiniteMatrix(Path file, String option, String what, String dims) {
        INDArray a = read(file, option);
        if (a.rank() != 2) {
            throw new UserInputException(option + " " + file + ": expected a 2-d array " + dims + " of " + what
                    + ", got shape " + Arrays.toString(a.shape()));
        }
        if (a.length() == 0) {
            throw new UserInputException(option + " " + file + ": the array is empty (shape "
                    + Arrays.toString(a.shape()) + "), expected " + what);
        }
        INDArray d = a.castTo(DataType.DOUBLE);
        if (d.isNaN().any() || d.isInfinite().any()) {
            double[] v = d.dup('c').data().asDouble();
            int cols = (int) d.size(1);
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new UserInputException(option + " " + file + ": " + what + " contain " + v[i] + " at row "
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
    static int[] readLabels(Path file, String option, long n, long k) {
        INDArray a = read(file, option);
        String expected = "expected int class indices [" + n + "] or one-hot [" + n + ", " + k + "]";
        if (a.rank() == 2 && a.size(1) == k && k > 1) {
            if (a.size(0) != n) {
                throw new UserInputException(option + " " + file + ": label count " + a.size(0)
                        + " does not match the " + n + " logit rows");
            }
            INDArray d = a.castTo(DataType.DOUBLE);
            if (d.isNaN().any() || d.isInfinite().any()) {
                throw new UserInputException(option + " " + file + ": one-hot labels contain NaN or Inf; " + expected);
            }
            return d.argMax(1).toIntVector();
        }
        if (a.rank() == 2 && a.size(1) == 1) {
            a = a.reshape(a.size(0));
        }
        if (a.rank() != 1) {
            throw new UserInputException(option + " " + file + ": shape " + Arrays.toString(a.shape()) + "; " + expected);
        }
        if (a.size(0) != n) {
            throw new UserInputException(option + " " + file + ": label count " + a.size(0)
                    + " does not match the " + n + " logit rows");
        }
        double[] v = a.castTo(DataType.DOUBLE).data().asDouble();
        int[] labels = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new UserInputException(option + " " + file + ": label " + v[i] + " of example " + i
                        + " is not an integer; " + expected);
            }
            if (v[i] < 0 || v[i] >= k) {
                throw new UserInputException(option + " " + file + ": label " + (long) v[i] + " of example " + i
                        + " is outside [0, " + k + ") for logits with " + k + " classes");
            }
            labels[i] = (int) v[i];
        }
        return labels;
    }
}
