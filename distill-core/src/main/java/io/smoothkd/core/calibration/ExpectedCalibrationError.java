package io.smoothkd.core.calibration;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Expected calibration error (Guo et al. 2017; paper §3) with B equal-width confidence bins, bin m holding
 * confidences in ((m−1)/B, m/B]:
 * <pre>  ECE = Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|</pre>
 * and its worst-bin counterpart, the maximum calibration error. See {@link ReliabilityDiagram}.
 */
public final class ExpectedCalibrationError {
    private ExpectedCalibrationError() {
    }

    /** ECE with {@link ReliabilityDiagram#DEFAULT_BINS} bins. */
    public static double of(INDArray logits, int[] labels) {
        return of(ClassificationLogits.of(logits, labels), ReliabilityDiagram.DEFAULT_BINS);
    }

    public static double of(ClassificationLogits data, int bins) {
        return ReliabilityDiagram.of(data, bins).expectedCalibrationError();
    }

    /** MCE: the largest |acc − conf| over non-empty bins. */
    public static double maximum(ClassificationLogits data, int bins) {
        return ReliabilityDiagram.of(data, bins).maximumCalibrationError();
    }
}
