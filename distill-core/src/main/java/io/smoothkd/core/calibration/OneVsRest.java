package io.smoothkd.core.calibration;

import java.util.function.DoubleUnaryOperator;

/**
 * The one-vs-rest scheme of Zadrozny &amp; Elkan (2002) shared by {@link HistogramBinning} and
 * {@link IsotonicRegression}: class k's probability p_k is mapped by its own binary calibrator h_k, fitted on the pairs
 * (p_ik, 1[y_i = k]); the K results are renormalised, q_ik = h_k(p_ik) / Σ_j h_j(p_ij) (a row whose maps are all 0
 * becomes uniform; see {@link ClassificationLogits#ofProbabilities} for the floor ε that keeps the NLL finite).
 *
 * @param method   the method's name
 * @param maps     h_k per class
 * @param fittedNll NLL of the calibrated held-out set
 */
record OneVsRest(String method, DoubleUnaryOperator[] maps, double fittedNll) implements Calibrator.Fitted {

    interface BinaryFit {
        DoubleUnaryOperator fit(double[] p, boolean[] positive);
    }

    static OneVsRest fit(String method, ClassificationLogits heldOut, BinaryFit binary) {
        int n = heldOut.size();
        int k = heldOut.classes();
        double[] all = heldOut.probabilities();
        DoubleUnaryOperator[] maps = new DoubleUnaryOperator[k];
        double[] p = new double[n];
        boolean[] positive = new boolean[n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                p[i] = all[i * k + c];
                positive[i] = heldOut.labels()[i] == c;
            }
            maps[c] = binary.fit(p.clone(), positive.clone());
        }
        OneVsRest unscored = new OneVsRest(method, maps, Double.NaN);
        return new OneVsRest(method, maps, NegativeLogLikelihood.of(unscored.apply(heldOut)));
    }

    @Override
    public ClassificationLogits apply(ClassificationLogits data) {
        int k = maps.length;
        if (data.classes() != k) {
            throw new IllegalArgumentException(method + " was fitted on " + k + " classes, got logits with "
                    + data.classes());
        }
        double[] q = data.probabilities();
        for (int i = 0; i < data.size(); i++) {
            double sum = 0.0;
            for (int c = 0; c < k; c++) {
                double v = maps[c].applyAsDouble(q[i * k + c]);
                q[i * k + c] = v;
                sum += v;
            }
            if (sum > 0) {
                for (int c = 0; c < k; c++) {
                    q[i * k + c] /= sum;
                }
            }
        }
        return ClassificationLogits.ofProbabilities(q, data.labels(), k);
    }
}
