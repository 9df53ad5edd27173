package io.smoothkd.core.representation;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * How tight and how separated the class clusters of some representation are (paper §2, Figure 1, measured rather
 * than looked at): the mean Euclidean distance of an example to its class mean, divided by the mean distance
 * between class means. Lower is tighter; label smoothing is expected to lower it.
 */
public final class ClusterTightness {
    private ClusterTightness() {
    }

    /**
     * @param points {@code [n, d]} representations (penultimate activations, or projected coordinates)
     * @param labels class of each row
     * @return within-class spread / between-class distance
     */
    public static double of(INDArray points, int[] labels) {
        int n = labels.length;
        int d = (int) points.size(1);
        double[] x = points.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
        if (classes.length < 2) {
            throw new IllegalArgumentException("cluster tightness needs at least 2 classes, got " + classes.length);
        }
        double[][] mean = new double[classes.length][d];
        int[] count = new int[classes.length];
        for (int i = 0; i < n; i++) {
            int c = Arrays.binarySearch(classes, labels[i]);
            count[c]++;
            for (int j = 0; j < d; j++) {
                mean[c][j] += x[i * d + j];
            }
        }
        for (int c = 0; c < classes.length; c++) {
            for (int j = 0; j < d; j++) {
                mean[c][j] /= count[c];
            }
        }
        double within = 0;
        for (int i = 0; i < n; i++) {
            int c = Arrays.binarySearch(classes, labels[i]);
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = x[i * d + j] - mean[c][j];
                s += t * t;
            }
            within += Math.sqrt(s);
        }
        within /= n;
        double between = 0;
        int pairs = 0;
        for (int a = 0; a < classes.length; a++) {
            for (int b = a + 1; b < classes.length; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = mean[a][j] - mean[b][j];
                    s += t * t;
                }
                between += Math.sqrt(s);
                pairs++;
            }
        }
        return within / (between / pairs);
    }
}
