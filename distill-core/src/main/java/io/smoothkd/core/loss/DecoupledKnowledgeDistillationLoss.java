package io.smoothkd.core.loss;

import io.smoothkd.core.targets.SoftTargets;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decoupled knowledge distillation, registered as {@code dkd} (Zhao et al., "Decoupled Knowledge Distillation",
 * CVPR 2022; as mdistiller's {@code dkd_loss}). Per example, with student logits z, teacher logits t, hard (one-hot
 * or smoothed) targets y, g = argmax y (the target class) and p = softmax:
 * <pre>  L = ce_weight·H(y, p(z)) + T²·(alpha·TCKD + beta·NCKD)
 *   TCKD = KL(b(t) ‖ b(z)),  b(v) = (p_g(v/T), 1 − p_g(v/T))                 target-class term
 *   NCKD = KL(q(t) ‖ q(z)),  q(v) = softmax of v/T over the classes j ≠ g     non-target term ("dark knowledge")</pre>
 * KL(a‖b) = Σ a (log a − log b), with 0·log 0 = 0. Defaults ({@link #DEFAULTS}) are mdistiller's CIFAR-100 setting:
 * temperature 4, alpha 1, beta 8, ce_weight 1 (mdistiller's warm-up of the distillation term over the first epochs
 * is a training schedule, not part of the loss). log p_g and log(1 − p_g) are computed as differences of
 * log-sum-exps, so the loss is finite for logits of any size (mdistiller takes the log of a probability, which
 * underflows for confident logits; elsewhere the two agree to float rounding).
 *
 * <p>The gradient, per example (u = z/T, s = p(u)):
 * ∂TCKD/∂u_g = s_g − b_g(t), ∂TCKD/∂u_j = q_j(z)·(b_g(t) − s_g) (j ≠ g); ∂NCKD/∂u_j = q_j(z) − q_j(t) (j ≠ g),
 * 0 at g; ∂/∂z = ∂/∂u / T. {@link #decompose} returns the three per-example terms separately. Needs K ≥ 2.
 * Masks: per example; a per-output mask must be constant along each row.
 */
public class DecoupledKnowledgeDistillationLoss extends PackedLabelsLoss {
    private static final long serialVersionUID = 1L;

    /** The parameters of {@code dkd} and their defaults, in the order of the formula. */
    public static final Map<String, Double> DEFAULTS = defaults();

    @JsonProperty("temperature")
    private final double temperature;
    @JsonProperty("alpha")
    private final double alpha;
    @JsonProperty("beta")
    private final double beta;
    @JsonProperty("ceWeight")
    private final double ceWeight;

    /**
     * @param temperature T &gt; 0, softening both sides of TCKD and NCKD
     * @param alpha       weight ≥ 0 of TCKD
     * @param beta        weight ≥ 0 of NCKD
     * @param ceWeight    weight ≥ 0 of the cross-entropy with the hard part y
     */
    @JsonCreator
    public DecoupledKnowledgeDistillationLoss(@JsonProperty("temperature") double temperature,
                                              @JsonProperty("alpha") double alpha,
                                              @JsonProperty("beta") double beta,
                                              @JsonProperty("ceWeight") double ceWeight) {
        this.temperature = SoftTargets.checkTemperature(temperature);
        this.alpha = requireWeight("alpha", alpha);
        this.beta = requireWeight("beta", beta);
        this.ceWeight = requireWeight("ce_weight", ceWeight);
    }

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("temperature", 4.0);
        m.put("alpha", 1.0);
        m.put("beta", 8.0);
        m.put("ce_weight", 1.0);
        return Collections.unmodifiableMap(m);
    }

    /** Builds the loss from a complete parameter map (the keys of {@link #DEFAULTS}). */
    public static DecoupledKnowledgeDistillationLoss fromParams(Map<String, Double> p) {
        return new DecoupledKnowledgeDistillationLoss(p.get("temperature"), p.get("alpha"), p.get("beta"),
                p.get("ce_weight"));
    }

    public double getTemperature() {
        return temperature;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    public double getCeWeight() {
        return ceWeight;
    }

    /**
     * The unweighted terms of each example: {@code crossEntropy[i] = H(y_i, p(z_i))}, {@code tckd[i]} and
     * {@code nckd[i]} the two KL divergences (without T², alpha, beta). Example i's score is
     * {@code ceWeight·crossEntropy[i] + T²·(alpha·tckd[i] + beta·nckd[i])}.
     */
    public record Decomposition(double[] crossEntropy, double[] tckd, double[] nckd) {
    }

    /**
     * The per-example cross-entropy, TCKD and NCKD of student logits z ({@code [n, K]}) against
     * {@code labels = packLabels(y, t)}, for a report to show their contributions.
     */
    public Decomposition decompose(INDArray labels, INDArray studentLogits) {
        Batch b = batch(labels, studentLogits, new ActivationIdentity(), null);
        double[][] terms = new double[3][b.n()];
        double[] t = new double[3];
        for (int i = 0; i < b.n(); i++) {
            example(b, i, 1.0, null, t);
            terms[0][i] = t[0];
            terms[1][i] = t[1];
            terms[2][i] = t[2];
        }
        return new Decomposition(terms[0], terms[1], terms[2]);
    }

    @Override
    String lossName() {
        return "dkd";
    }

    @Override
    int minimumClasses() {
        return 2;
    }

    @Override
    void evaluate(Batch b, double[] scores, double[] gradient) {
        double[] terms = new double[3];
        for (int i = 0; i < b.n(); i++) {
            double w = b.weight()[i];
            if (w == 0) {
                continue;
            }
            example(b, i, w, gradient, terms);
            scores[i] = w * (ceWeight * terms[0] + temperature * temperature * (alpha * terms[1] + beta * terms[2]));
        }
    }

    /**
     * Example i's cross-entropy, TCKD and NCKD into {@code terms}; when {@code grad} is non-null, adds
     * {@code w·∂L_i/∂z_i} to its row.
     */
    private void example(Batch b, int i, double w, double[] grad, double[] terms) {
        int k = b.k();
        int g = b.targetClass(i);
        int zi = b.zOffset(i);
        int ti = b.teacherOffset(i);
        double[] z = b.z();
        double[] lab = b.labels();
        double invT = 1.0 / temperature;
        terms[0] = crossEntropy(b, i, w * ceWeight, grad);

        double lseS = logSumExp(z, zi, k, invT, -1);
        double lseSo = logSumExp(z, zi, k, invT, g);
        double lseT = logSumExp(lab, ti, k, invT, -1);
        double lseTo = logSumExp(lab, ti, k, invT, g);
        double logSg = z[zi + g] * invT - lseS;
        double logSo = lseSo - lseS;
        double logBg = lab[ti + g] * invT - lseT;
        double logBo = lseTo - lseT;
        double bg = Math.exp(logBg);
        double bo = Math.exp(logBo);
        terms[1] = xLogRatio(bg, logBg, logSg) + xLogRatio(bo, logBo, logSo);

        double nckd = 0;
        for (int j = 0; j < k; j++) {
            if (j != g) {
                double logQt = lab[ti + j] * invT - lseTo;
                nckd += xLogRatio(Math.exp(logQt), logQt, z[zi + j] * invT - lseSo);
            }
        }
        terms[2] = nckd;

        if (grad != null) {
            double sg = Math.exp(logSg);
            double factor = w * temperature; // T² · ∂/∂u · (1/T)
            grad[zi + g] += factor * alpha * (sg - bg);
            for (int j = 0; j < k; j++) {
                if (j != g) {
                    double qs = Math.exp(z[zi + j] * invT - lseSo);
                    double qt = Math.exp(lab[ti + j] * invT - lseTo);
                    grad[zi + j] += factor * (alpha * qs * (bg - sg) + beta * (qs - qt));
                }
            }
        }
    }

    /** a·(log a − log b), 0 where a = 0. */
    private static double xLogRatio(double a, double logA, double logB) {
        return a == 0 ? 0 : a * (logA - logB);
    }

    @Override
    public String toString() {
        return "DecoupledKnowledgeDistillationLoss(T=" + temperature + ", alpha=" + alpha + ", beta=" + beta
                + ", ce_weight=" + ceWeight + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DecoupledKnowledgeDistillationLoss other)) {
            return false;
        }
        return Double.compare(temperature, other.temperature) == 0 && Double.compare(alpha, other.alpha) == 0
                && Double.compare(beta, other.beta) == 0 && Double.compare(ceWeight, other.ceWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, alpha, beta, ceWeight);
    }
}
