package io.smoothkd.core.calibration;

/**
 * A post-hoc calibration method (Guo et al. 2017, §4): fitted on held-out logits with their labels (a validation
 * set, never the test set), then applied to any other logits of the same classifier. Implementations:
 * {@link TemperatureScaling}, {@link VectorScaling}, {@link MatrixScaling}, {@link HistogramBinning},
 * {@link IsotonicRegression}; {@link Calibrators} creates them by name.
 *
 * <pre>{@code
 *   Calibrator.Fitted c = new MatrixScaling().fitOn(validation);
 *   double ece = ExpectedCalibrationError.of(c.apply(test), 15);
 * }</pre>
 */
public interface Calibrator {

    /** The method's name in {@link Calibrators} ({@code "temperature"}, {@code "vector"}, ...). */
    String name();

    /** Fits the method on held-out logits and their labels. */
    Fitted fitOn(ClassificationLogits heldOut);

    /** A fitted calibration map. */
    interface Fitted {
        /**
         * The calibrated logits of {@code data} (same examples and labels): their softmax is the calibrated
         * distribution. Methods that estimate probabilities directly return {@link ClassificationLogits#ofProbabilities}.
         */
        ClassificationLogits apply(ClassificationLogits data);

        /** The method that was fitted. */
        String method();

        /** Mean NLL on the set the map was fitted on (after calibration): the quantity the scaling methods minimise. */
        double fittedNll();
    }
}
