package io.smoothkd.core.loss;

import io.smoothkd.core.targets.SoftTargets;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * DIST, registered as {@code dist} (Huang et al., "Knowledge Distillation from A Stronger Teacher", NeurIPS 2022; as
 * the authors' {@code DIST} loss): instead of matching probabilities, the student matches the teacher's
 * <em>correlations</em>, across the classes of each example (inter-class relation) and across the examples of the
 * batch for each class (intra-class relation). With s_i = softmax(z_i/T), u_i = softmax(t_i/T) (rows of the batch),
 * y_i the hard (one-hot or smoothed) targets and ρ the Pearson correlation of the published code,
 * <pre>  ρ(a, b) = ⟨a − mean a, b − mean b⟩ / (‖a − mean a‖·‖b − mean b‖ + 1e-8)
 *   L_i = ce_weight·H(y_i, p(z_i)) + beta·T²·(1 − ρ(s_i, u_i)) + gamma·T²·intra
 *   intra = (1/K)·Σ_c (1 − ρ(s_{·c}, u_{·c}))        (column c over the examples of the batch)</pre>
 * so the batch mean of L_i is ce_weight·CE + the authors' {@code beta·T²·inter + gamma·T²·intra}. Defaults
 * ({@link #DEFAULTS}): the CIFAR-100 setting T = 4, beta = 2, gamma = 2, with ce_weight = 1 (DIST's ImageNet
 * default is T = beta = gamma = 1). It is here, beside the two KL-based losses, because it asks a smoothed teacher a
 * different question: a correlation ignores the scale and offset of each row and column, so DIST sees only the
 * relations among the teacher's probabilities, not how peaked or flat they are.
 *
 * <p>Unlike the other registered losses, the intra-class term couples the examples of a batch: its value is shared
 * by every example (so it depends on the batch composition, and is constant 1 for a batch of one), and the gradient
 * row i is ∂(Σ_j L_j)/∂z_i, i.e. it includes the intra term's pull on z_i from every example's share. A per-example
 * mask weighs example i's score by m_i and removes examples with m_i = 0 from the intra-class correlations. All
 * softmaxes use log-sum-exp, so logits of any size are safe; a constant column or row has ρ = 0 (gradient taken as 0
 * through its zero norm).
 */
public class DistCorrelationLoss extends PackedLabelsLoss {
    private static final long serialVersionUID = 1L;

    /** The ε of the published Pearson correlation. */
    public static final double EPSILON = 1e-8;

    /** The parameters of {@code dist} and their defaults. */
    public static final Map<String, Double> DEFAULTS = defaults();

    @JsonProperty("temperature")
    private final double temperature;
    @JsonProperty("beta")
    private final double beta;
    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("ceWeight")
    private final double ceWeight;

    /**
     * @param temperature T &gt; 0 softening student and teacher
     * @param beta        weight ≥ 0 of the inter-class (per example) relation
     * @param gamma       weight ≥ 0 of the intra-class (per class, across the batch) relation
     * @param ceWeight    weight ≥ 0 of the cross-entropy with the hard part y
     */
    @JsonCreator
    public DistCorrelationLoss(@JsonProperty("temperature") double temperature, @JsonProperty("beta") double beta,
                               @JsonProperty("gamma") double gamma, @JsonProperty("ceWeight") double ceWeight) {
        this.temperature = SoftTargets.checkTemperature(temperature);
        this.beta = requireWeight("beta", beta);
        this.gamma = requireWeight("gamma", gamma);
        this.ceWeight = requireWeight("ce_weight", ceWeight);
    }

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("temperature", 4.0);
        m.put("beta", 2.0);
        m.put("gamma", 2.0);
        m.put("ce_weight", 1.0);
        return Collections.unmodifiableMap(m);
    }

    /** Builds the loss from a complete parameter map (the keys of {@link #DEFAULTS}). */
    public static DistCorrelationLoss fromParams(Map<String, Double> p) {
        return new DistCorrelationLoss(p.get("temperature"), p.get("beta"), p.get("gamma"), p.get("ce_weight"));
    }

    public double getTemperature() {
        return temperature;
    }

    public double getBeta() {
        return beta;
    }

    public double getGamma() {
        return gamma;
    }

    public double getCeWeight() {
        return ceWeight;
    }

    @Override
    String lossName() {
        return "dist";
    }

    @Override
    int minimumClasses() {
        return 2;
    }

    @Override
    void evaluate(Batch b, double[] scores, double[] gradient) {
        int n = b.n();
        int k = b.k();
        double invT = 1.0 / temperature;
        double t2 = temperature * temperature;
        double[] s = new double[n * k];
        double[] u = new double[n * k];
        int rows = 0;
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            if (b.weight()[i] == 0) {
                continue;
            }
            rows++;
            weightSum += b.weight()[i];
            softmax(b.z(), b.zOffset(i), k, invT, s, i * k);
            softmax(b.labels(), b.teacherOffset(i), k, invT, u, i * k);
        }
        double[] dS = gradient == null ? null : new double[n * k]; // ∂(Σ L)/∂s
        double[] gA = new double[Math.max(n, k)];
        // intra-class: one correlation per class over the included examples
        double intra = 0;
        if (rows > 0) {
            double[] col = new double[rows];
            double[] colT = new double[rows];
            for (int c = 0; c < k; c++) {
                int r = 0;
                for (int i = 0; i < n; i++) {
                    if (b.weight()[i] != 0) {
                        col[r] = s[i * k + c];
                        colT[r] = u[i * k + c];
                        r++;
                    }
                }
                double rho = pearson(col, 0, colT, 0, rows, dS == null ? null : gA);
                intra += (1 - rho) / k;
                if (dS != null) {
                    r = 0;
                    for (int i = 0; i < n; i++) {
                        if (b.weight()[i] != 0) {
                            dS[i * k + c] -= weightSum * gamma * t2 / k * gA[r++];
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double w = b.weight()[i];
            if (w == 0) {
                continue;
            }
            double ce = crossEntropy(b, i, w * ceWeight, gradient);
            double rho = pearson(s, i * k, u, i * k, k, dS == null ? null : gA);
            scores[i] = w * (ceWeight * ce + beta * t2 * (1 - rho) + gamma * t2 * intra);
            if (dS != null) {
                for (int j = 0; j < k; j++) {
                    dS[i * k + j] -= w * beta * t2 * gA[j];
                }
                // through s_i = softmax(z_i / T): ∂/∂z_ij = s_ij (dS_ij − Σ_l s_il dS_il) / T
                double dot = 0;
                for (int j = 0; j < k; j++) {
                    dot += s[i * k + j] * dS[i * k + j];
                }
                for (int j = 0; j < k; j++) {
                    gradient[b.zOffset(i) + j] += invT * s[i * k + j] * (dS[i * k + j] - dot);
                }
            }
        }
    }

    /** softmax(scale · x[from .. from + k)) into {@code out[to ..]}, via log-sum-exp. */
    private static void softmax(double[] x, int from, int k, double scale, double[] out, int to) {
        double lse = logSumExp(x, from, k, scale, -1);
        for (int j = 0; j < k; j++) {
            out[to + j] = Math.exp(x[from + j] * scale - lse);
        }
    }

    /**
     * ρ(a, b) of {@code a[aFrom .. aFrom + len)} and {@code b[bFrom ..]}; when {@code gradA} is non-null, ∂ρ/∂a into
     * its first len entries: b̄/(D + ε) − N·‖b̄‖·ā/(‖ā‖·(D + ε)²), N = ⟨ā, b̄⟩, D = ‖ā‖·‖b̄‖.
     */
    static double pearson(double[] a, int aFrom, double[] b, int bFrom, int len, double[] gradA) {
        double ma = 0;
        double mb = 0;
        for (int j = 0; j < len; j++) {
            ma += a[aFrom + j];
            mb += b[bFrom + j];
        }
        ma /= len;
        mb /= len;
        double dot = 0;
        double saa = 0;
        double sbb = 0;
        for (int j = 0; j < len; j++) {
            double ca = a[aFrom + j] - ma;
            double cb = b[bFrom + j] - mb;
            dot += ca * cb;
            saa += ca * ca;
            sbb += cb * cb;
        }
        double na = Math.sqrt(saa);
        double nb = Math.sqrt(sbb);
        double den = na * nb + EPSILON;
        if (gradA != null) {
            double second = na == 0 ? 0 : dot * nb / (na * den * den);
            for (int j = 0; j < len; j++) {
                gradA[j] = (b[bFrom + j] - mb) / den - second * (a[aFrom + j] - ma);
            }
        }
        return dot / den;
    }

    @Override
    public String toString() {
        return "DistCorrelationLoss(T=" + temperature + ", beta=" + beta + ", gamma=" + gamma + ", ce_weight="
                + ceWeight + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DistCorrelationLoss other)) {
            return false;
        }
        return Double.compare(temperature, other.temperature) == 0 && Double.compare(beta, other.beta) == 0
                && Double.compare(gamma, other.gamma) == 0 && Double.compare(ceWeight, other.ceWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, beta, gamma, ceWeight);
    }
}
