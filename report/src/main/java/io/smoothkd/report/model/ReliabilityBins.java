package io.smoothkd.report.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * Reliability-diagram bins pooled over runs: counts add up, accuracy and confidence are count-weighted means.
 * Bin m of B covers confidences in ((m−1)/B, m/B].
 *
 * @param counts     examples per bin
 * @param accuracy   accuracy per bin (NaN for an empty bin)
 * @param confidence mean confidence per bin (NaN for an empty bin)
 */
public record ReliabilityBins(long[] counts, double[] accuracy, double[] confidence) {

    /**
     * Pools the metric {@code name} ({"counts", "accuracy", "confidence"} arrays) of the cells; cells without it,
     * or whose bin count differs from the first cell's, are left out.
     */
    public static Optional<ReliabilityBins> pool(List<CellResult> cells, String name) {
        long[] counts = null;
        double[] correct = null;
        double[] confidence = null;
        for (CellResult cell : cells) {
            JsonNode node = cell.metricNode(name);
            JsonNode c = node.path("counts");
            JsonNode a = node.path("accuracy");
            JsonNode f = node.path("confidence");
            if (!c.isArray() || !a.isArray() || !f.isArray() || c.size() == 0 || a.size() != c.size() || f.size() != c.size()) {
                continue;
            }
            if (counts == null) {
                counts = new long[c.size()];
                correct = new double[c.size()];
                confidence = new double[c.size()];
            } else if (counts.length != c.size()) {
                continue;
            }
            for (int i = 0; i < c.size(); i++) {
                long n = c.get(i).asLong();
                if (n > 0) {
                    counts[i] += n;
                    correct[i] += n * a.get(i).asDouble();
                    confidence[i] += n * f.get(i).asDouble();
                }
            }
        }
        if (counts == null) {
            return Optional.empty();
        }
        double[] acc = new double[counts.length];
        double[] conf = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            acc[i] = counts[i] == 0 ? Double.NaN : correct[i] / counts[i];
            conf[i] = counts[i] == 0 ? Double.NaN : confidence[i] / counts[i];
        }
        return Optional.of(new ReliabilityBins(counts, acc, conf));
    }

    /** Number of bins. */
    public int size() {
        return counts.length;
    }

    /** Σ |B_m|/n · |acc − conf|. */
    public double ece() {
        long total = 0;
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                total += counts[i];
                sum += counts[i] * Math.abs(accuracy[i] - confidence[i]);
            }
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /** max over non-empty bins of |acc − conf|. */
    public double mce() {
        double max = Double.NaN;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                double gap = Math.abs(accuracy[i] - confidence[i]);
                max = Double.isNaN(max) ? gap : Math.max(max, gap);
            }
        }
        return max;
    }
}
