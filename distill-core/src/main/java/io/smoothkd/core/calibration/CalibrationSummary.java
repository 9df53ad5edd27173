package io.smoothkd.core.calibration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every calibration number of one set of logits (paper §3): accuracy, ECE, MCE, NLL, Brier, the temperature
 * of temperature scaling, and ECE/NLL after dividing the logits by it.
 *
 * @param n                 examples
 * @param accuracy          top-1 accuracy
 * @param ece               expected calibration error
 * @param eceAdaptive       ECE over equal-mass bins ({@link AdaptiveExpectedCalibrationError})
 * @param eceClasswise      classwise ECE ({@link ClasswiseExpectedCalibrationError})
 * @param mce               maximum calibration error
 * @param nll               mean negative log-likelihood (nats)
 * @param brier             mean Σ_k (p_k − y_k)²
 * @param scalingTemperature temperature of temperature scaling (fitted on this set, or given)
 * @param eceAfterScaling   ECE of logits / temperature
 * @param nllAfterScaling   NLL of logits / temperature
 * @param diagram           the reliability diagram before scaling
 * @param diagramAfterScaling the reliability diagram after scaling
 */
public record CalibrationSummary(int n, double accuracy, double ece, double eceAdaptive, double eceClasswise,
                                 double mce, double nll, double brier,
                                 double scalingTemperature, double eceAfterScaling, double nllAfterScaling,
                                 ReliabilityDiagram diagram, ReliabilityDiagram diagramAfterScaling) {

    /** All metrics, with the temperature fitted by NLL on this same set. */
    public static CalibrationSummary of(ClassificationLogits data, int bins) {
        return of(data, bins, TemperatureScaling.fit(data));
    }

    /** All metrics, with a given temperature (e.g. fitted on a validation set). */
    public static CalibrationSummary of(ClassificationLogits data, int bins, double temperature) {
        ReliabilityDiagram before = ReliabilityDiagram.of(data, bins);
        ClassificationLogits scaled = TemperatureScaling.apply(data, temperature);
        ReliabilityDiagram after = ReliabilityDiagram.of(scaled, bins);
        return new CalibrationSummary(data.size(), data.accuracy(), before.expectedCalibrationError(),
                AdaptiveExpectedCalibrationError.of(data, bins), ClasswiseExpectedCalibrationError.of(data, bins),
                before.maximumCalibrationError(),
                NegativeLogLikelihood.of(data), BrierScore.of(data), temperature,
                after.expectedCalibrationError(), NegativeLogLikelihood.of(scaled), before, after);
    }

    /**
     * The JSON keys {@code smoothkd calibration} promises its users (the README lists them), in order: {@link #toMap()} and the in-sample
     * {@code nll_after_vector_scaling} and {@code nll_after_matrix_scaling} (the minimum NLL of vector and matrix
     * scaling fitted on this same set; the matrix key only where K(K+1) &lt; n/10, see
     * {@link MatrixScaling#wellDetermined}).
     */
    public static Map<String, Object> contractedMap(ClassificationLogits data, int bins) {
        Map<String, Object> m = of(data, bins).toMap();
        m.put("nll_after_vector_scaling", new VectorScaling().fitOn(data).fittedNll());
        if (MatrixScaling.wellDetermined(data.size(), data.classes())) {
            m.put("nll_after_matrix_scaling", new MatrixScaling().fitOn(data).fittedNll());
        }
        return m;
    }

    /**
     * The keys of a calibrator's result ({@code smoothkd calibration}'s {@code calibrated} object): the method, what
     * it was fitted on, and the metrics of the calibrated logits (no further temperature scaling).
     *
     * @param fitted     the calibrator, fitted on a held-out set of {@code fitN} examples
     * @param calibrated the evaluated set after {@code fitted}
     */
    public static Map<String, Object> calibratedMap(Calibrator.Fitted fitted, int fitN, ClassificationLogits calibrated,
                                                    int bins) {
        CalibrationSummary c = of(calibrated, bins, 1.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", fitted.method());
        m.put("fit_n", fitN);
        m.put("fit_nll", fitted.fittedNll());
        m.put("accuracy", c.accuracy());
        m.put("ece", c.ece());
        m.put("ece_adaptive", c.eceAdaptive());
        m.put("ece_classwise", c.eceClasswise());
        m.put("ace", AdaptiveCalibrationError.of(calibrated, bins));
        m.put("mce", c.mce());
        m.put("nll", c.nll());
        m.put("brier", c.brier());
        return m;
    }

    /** The summary's keys ({@code n, accuracy, ece, mce, nll, brier, temperature, ...}), in order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("accuracy", accuracy);
        m.put("ece", ece);
        m.put("mce", mce);
        m.put("nll", nll);
        m.put("brier", brier);
        m.put("temperature", scalingTemperature);
        m.put("ece_after_scaling", eceAfterScaling);
        m.put("nll_after_scaling", nllAfterScaling);
        m.put("ece_adaptive", eceAdaptive);
        m.put("ece_classwise", eceClasswise);
        return m;
    }
}
