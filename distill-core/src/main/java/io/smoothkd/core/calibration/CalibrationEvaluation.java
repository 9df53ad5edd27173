package io.smoothkd.core.calibration;

import org.nd4j.common.primitives.Triple;
import org.nd4j.evaluation.BaseEvaluation;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.IMetric;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every metric of this package as a DL4J {@link IEvaluation}, so that any network scores it over a
 * {@code DataSetIterator} the DL4J way:
 * <pre>{@code
 *   CalibrationEvaluation e = net.doEvaluation(testIterator, CalibrationEvaluation.ofProbabilities(15))[0];
 *   double ece = e.getValue(CalibrationEvaluation.Metric.ECE_ADAPTIVE);
 * }</pre>
 * The network's outputs are either logits (an identity output layer, as a distilled student) or softmax
 * probabilities (a softmax output layer; their logarithms are taken as logits, which softmax maps back to the same
 * probabilities). Labels are one-hot (or soft: the argmax is the class). Unlike DL4J's {@code EvaluationCalibration}
 * it keeps every example (n·K doubles), because equal-mass bins and a calibrator's fit need them all; optionally a
 * fitted {@link Calibrator.Fitted} is applied before measuring. A per-example mask {@code [n]} or {@code [n, 1]}
 * drops the examples it zeroes; time series ({@code [n, K, T]}) are flattened over their unmasked steps.
 * {@link #toJson()} keeps the examples and settings but not the calibrator (apply it again after {@code fromJson}).
 */
public class CalibrationEvaluation extends BaseEvaluation<CalibrationEvaluation> {

    /** What the network outputs. */
    public enum Output { LOGITS, PROBABILITIES }

    /** The metrics of {@link #getValue}. */
    public enum Metric implements IMetric {
        ACCURACY(false), ECE(true), ECE_ADAPTIVE(true), ECE_CLASSWISE(true), ACE(true), MCE(true), NLL(true),
        BRIER(true);

        private final boolean minimize;

        Metric(boolean minimize) {
            this.minimize = minimize;
        }

        @Override
        public Class<? extends IEvaluation> getEvaluationClass() {
            return CalibrationEvaluation.class;
        }

        @Override
        public boolean minimize() {
            return minimize;
        }
    }

    private int bins = ReliabilityDiagram.DEFAULT_BINS;
    private Output output = Output.LOGITS;
    private transient Calibrator.Fitted calibration;
    private int classes;
    private int count;
    private double[] logits = new double[0];
    private int[] labels = new int[0];

    /** For Jackson and {@link #newInstance()}. */
    public CalibrationEvaluation() {
    }

    private CalibrationEvaluation(int bins, Output output, Calibrator.Fitted calibration) {
        if (bins < 1) {
            throw new IllegalArgumentException("number of bins must be >= 1, got " + bins);
        }
        this.bins = bins;
        this.output = output;
        this.calibration = calibration;
    }

    /** For networks whose output layer is the identity (logits). */
    public static CalibrationEvaluation ofLogits(int bins) {
        return new CalibrationEvaluation(bins, Output.LOGITS, null);
    }

    /** For networks whose output layer is a softmax. */
    public static CalibrationEvaluation ofProbabilities(int bins) {
        return new CalibrationEvaluation(bins, Output.PROBABILITIES, null);
    }

    /** The same evaluation measuring the outputs after a fitted calibrator (fitted elsewhere, e.g. on validation). */
    public CalibrationEvaluation calibratedBy(Calibrator.Fitted fitted) {
        CalibrationEvaluation e = new CalibrationEvaluation(bins, output, fitted);
        e.merge(this);
        return e;
    }

    @Override
    public void eval(INDArray labels, INDArray networkPredictions, INDArray maskArray,
                     List<? extends Serializable> recordMetaData) {
        INDArray y = labels;
        INDArray out = networkPredictions;
        INDArray mask = maskArray;
        if (out.rank() == 3) {
            Triple<INDArray, INDArray, INDArray> t = reshapeAndExtractNotMasked(y, out, mask, 1);
            y = t.getFirst();
            out = t.getSecond();
            mask = t.getThird();
        }
        if (out.rank() != 2 || !Arrays.equals(y.shape(), out.shape())) {
            throw new IllegalArgumentException("calibration evaluation needs labels and predictions of the same shape"
                    + " [n, K], got labels " + Arrays.toString(y.shape()) + " and predictions "
                    + Arrays.toString(out.shape()));
        }
        int k = (int) out.size(1);
        if (classes == 0) {
            classes = k;
        } else if (classes != k) {
            throw new IllegalArgumentException("predictions have " + k + " classes; earlier ones had " + classes);
        }
        if (mask != null && mask.length() != out.size(0)) {
            throw new IllegalArgumentException("calibration evaluation supports a per-example mask [n] or [n, 1],"
                    + " got " + Arrays.toString(mask.shape()) + " for " + out.size(0) + " examples");
        }
        double[] z = out.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[] cls = y.argMax(1).toIntVector();
        double[] keep = mask == null ? null : mask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < cls.length; i++) {
            if (keep != null && keep[i] == 0.0) {
                continue;
            }
            grow(count + 1);
            for (int c = 0; c < k; c++) {
                double v = z[i * k + c];
                if (output == Output.PROBABILITIES) {
                    if (!(v >= 0.0)) {
                        throw new IllegalArgumentException("probability " + v + " in row " + i + "; a softmax output"
                                + " gives values in [0, 1] (use ofLogits for an identity output layer)");
                    }
                    v = Math.log(v + ClassificationLogits.PROBABILITY_FLOOR);
                }
                logits[count * k + c] = v;
            }
            this.labels[count] = cls[i];
            count++;
        }
    }

    private void grow(int rows) {
        if (labels.length < rows) {
            int cap = Math.max(rows, Math.max(16, labels.length * 2));
            labels = Arrays.copyOf(labels, cap);
            logits = Arrays.copyOf(logits, cap * classes);
        }
    }

    @Override
    public void merge(CalibrationEvaluation other) {
        if (other.count == 0) {
            return;
        }
        if (classes == 0) {
            classes = other.classes;
        } else if (classes != other.classes) {
            throw new IllegalArgumentException("cannot merge evaluations of " + classes + " and " + other.classes
                    + " classes");
        }
        grow(count + other.count);
        System.arraycopy(other.logits, 0, logits, count * classes, other.count * classes);
        System.arraycopy(other.labels, 0, labels, count, other.count);
        count += other.count;
    }

    @Override
    public void reset() {
        classes = 0;
        count = 0;
        logits = new double[0];
        labels = new int[0];
    }

    /** Examples seen so far. */
    public int examples() {
        return count;
    }

    /** The examples seen so far, after the calibrator when there is one. */
    public ClassificationLogits data() {
        if (count == 0) {
            throw new IllegalStateException("no examples evaluated yet");
        }
        ClassificationLogits d = new ClassificationLogits(Arrays.copyOf(logits, count * classes),
                Arrays.copyOf(labels, count), classes);
        return calibration == null ? d : calibration.apply(d);
    }

    @Override
    public double getValue(IMetric metric) {
        if (!(metric instanceof Metric m)) {
            throw new IllegalArgumentException("CalibrationEvaluation has no metric " + metric + "; expected one of "
                    + Arrays.toString(Metric.values()));
        }
        ClassificationLogits d = data();
        return switch (m) {
            case ACCURACY -> d.accuracy();
            case ECE -> ExpectedCalibrationError.of(d, bins);
            case ECE_ADAPTIVE -> AdaptiveExpectedCalibrationError.of(d, bins);
            case ECE_CLASSWISE -> ClasswiseExpectedCalibrationError.of(d, bins);
            case ACE -> AdaptiveCalibrationError.of(d, bins);
            case MCE -> ExpectedCalibrationError.maximum(d, bins);
            case NLL -> NegativeLogLikelihood.of(d);
            case BRIER -> BrierScore.of(d);
        };
    }

    @Override
    public String stats() {
        if (count == 0) {
            return "calibration: no examples evaluated";
        }
        StringBuilder b = new StringBuilder(String.format("calibration of %d examples, %d classes, %d bins%s%n",
                count, classes, bins, calibration == null ? "" : ", after " + calibration.method()));
        for (Metric m : Metric.values()) {
            b.append(String.format("  %-14s %.6f%n", m.name().toLowerCase(java.util.Locale.ROOT), getValue(m)));
        }
        return b.toString();
    }

    /** All metrics by their lower-case names. */
    public Map<String, Double> values() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            m.put(metric.name().toLowerCase(java.util.Locale.ROOT), getValue(metric));
        }
        return m;
    }

    @Override
    public CalibrationEvaluation newInstance() {
        return new CalibrationEvaluation(bins, output, calibration);
    }
}
