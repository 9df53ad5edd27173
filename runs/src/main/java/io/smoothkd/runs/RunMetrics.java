package io.smoothkd.runs;

import io.smoothkd.core.calibration.CalibrationSummary;
import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.calibration.ReliabilityDiagram;
import io.smoothkd.core.calibration.TemperatureScaling;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} of a run: test accuracy and error, ECE, MCE, NLL and Brier on the test set, the
 * temperature of temperature scaling fitted on the validation set (never on test), and test ECE/NLL after
 * scaling; validation accuracy and the per-epoch history besides.
 */
public final class RunMetrics {
    private RunMetrics() {
    }

    /** Whether a fitted temperature lies on the fit's search bound (to float rounding). */
    public static boolean atBound(double temperature) {
        return temperature <= TemperatureScaling.MIN_TEMPERATURE * (1 + 1e-9)
                || temperature >= TemperatureScaling.MAX_TEMPERATURE * (1 - 1e-9);
    }

    public static Map<String, Object> of(INDArray validationLogits, int[] validationLabels, INDArray testLogits,
                                         int[] testLabels, TrainingResult training) {
        ClassificationLogits val = ClassificationLogits.of(validationLogits, validationLabels);
        double temperature = TemperatureScaling.fit(val);
        CalibrationSummary test = CalibrationSummary.of(ClassificationLogits.of(testLogits, testLabels),
                ReliabilityDiagram.DEFAULT_BINS, temperature);
        CalibrationSummary valSummary = CalibrationSummary.of(val, ReliabilityDiagram.DEFAULT_BINS, temperature);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_n", test.n());
        m.put("test_accuracy", test.accuracy());
        m.put("test_error", 1.0 - test.accuracy());
        m.put("test_ece", test.ece());
        m.put("test_mce", test.mce());
        m.put("test_nll", test.nll());
        m.put("test_brier", test.brier());
        m.put("temperature", temperature);
        m.put("temperature_fitted_on", "validation");
        // A fit that ends on its search interval's bound found no minimum inside it (e.g. separable validation
        // logits, whose NLL keeps falling as T -> 0): the temperature is a bound, not an optimum, and is said so.
        boolean atBound = atBound(temperature);
        m.put("temperature_at_bound", atBound);
        if (atBound) {
            org.slf4j.LoggerFactory.getLogger(RunMetrics.class).warn("temperature scaling: the NLL on the validation"
                    + " set has no minimum in [{}, {}]; the fit stopped at its bound T = {}, which is not an optimum",
                    TemperatureScaling.MIN_TEMPERATURE, TemperatureScaling.MAX_TEMPERATURE, temperature);
        }
        m.put("test_ece_after_scaling", test.eceAfterScaling());
        m.put("test_nll_after_scaling", test.nllAfterScaling());
        m.put("validation_n", valSummary.n());
        m.put("validation_accuracy", valSummary.accuracy());
        m.put("validation_nll", valSummary.nll());
        m.put("epochs_run", training.history().size());
        m.put("best_epoch", training.bestEpoch() + 1);
        m.put("stopped_early", training.stoppedEarly());
        m.put("train_seconds", training.trainingSeconds());
        m.put("mean_examples_per_second", training.history().stream()
                .mapToDouble(EpochRecord::examplesPerSecond).average().orElse(Double.NaN));
        m.put("reliability_test", diagram(test.diagram()));
        m.put("reliability_test_after_scaling", diagram(test.diagramAfterScaling()));
        List<Map<String, Object>> history = training.history().stream().map(r -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", r.epoch() + 1);
            e.put("train_loss", r.trainLoss());
            e.put("validation_accuracy", r.validationScore());
            e.put("seconds", r.seconds());
            e.put("examples_per_second", r.examplesPerSecond());
            return e;
        }).toList();
        m.put("history", history);
        return m;
    }

    static Map<String, Object> diagram(ReliabilityDiagram d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counts", d.counts());
        m.put("accuracy", d.accuracy());
        m.put("confidence", d.confidence());
        return m;
    }
}
