package io.smoothkd.core.loss;

import io.smoothkd.core.targets.SoftTargets;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Knowledge distillation with logit standardization, registered as {@code logit_std} (Sun et al., "Logit
 * Standardization in Knowledge Distillation", CVPR 2024; as their {@code kd_loss} with {@code logit_stand}). Both
 * logit vectors are z-scored before the temperature softmax, so the student matches the teacher's logit
 * <em>relations</em>, not their range. Per example, with student logits z, teacher logits t, hard (one-hot or
 * smoothed) targets y and p = softmax:
 * <pre>  L = ce_weight·H(y, p(z)) + kd_weight·T²·KL(p(n(t)/T) ‖ p(n(z)/T))
 *   n(v) = (v − mean v) / (1e-7 + std v),   std with the K − 1 denominator (torch.std)</pre>
 * KL(a‖b) = Σ a (log a − log b). The cross-entropy uses the raw logits. Defaults ({@link #DEFAULTS}) are the
 * authors' CIFAR-100 KD setting: temperature 2, ce_weight 0.1, kd_weight 9.
 *
 * <p>The gradient goes through the standardization: with G = ∂L/∂n(z) = kd_weight·T·(p(n(z)/T) − p(n(t)/T)),
 * σ = std z, c = z − mean z:
 * ∂L/∂z_k = (G_k − mean G)/(1e-7 + σ) − c_k·Σ_j G_j c_j / ((1e-7 + σ)²·(K − 1)·σ) (the second term is 0 where σ = 0,
 * i.e. all logits equal). n(v) is bounded by √(K − 1), so the soft term is finite for logits of any size; the
 * cross-entropy uses log-sum-exp. Needs K ≥ 2. Masks: per example; a per-output mask must be constant along each
 * row.
 */
public class LogitStandardizationLoss extends PackedLabelsLoss {
    private static final long serialVersionUID = 1L;

    /** The ε of n(v) = (v − mean v)/(ε + std v), as the authors' code. */
    public static final double EPSILON = 1e-7;

    /** The parameters of {@code logit_std} and their defaults. */
    public static final Map<String, Double> DEFAULTS = defaults();

    @JsonProperty("temperature")
    private final double temperature;
    @JsonProperty("ceWeight")
    private final double ceWeight;
    @JsonProperty("kdWeight")
    private final double kdWeight;

    /**
     * @param temperature T &gt; 0 applied to the standardized logits
     * @param ceWeight    weight ≥ 0 of the cross-entropy with the hard part y
     * @param kdWeight    weight ≥ 0 of the standardized KD term (multiplied by T² as well)
     */
    @JsonCreator
    public LogitStandardizationLoss(@JsonProperty("temperature") double temperature,
                                    @JsonProperty("ceWeight") double ceWeight,
                                    @JsonProperty("kdWeight") double kdWeight) {
        this.temperature = SoftTargets.checkTemperature(temperature);
        this.ceWeight = requireWeight("ce_weight", ceWeight);
        this.kdWeight = requireWeight("kd_weight", kdWeight);
    }

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("temperature", 2.0);
        m.put("ce_weight", 0.1);
        m.put("kd_weight", 9.0);
        return Collections.unmodifiableMap(m);
    }

    /** Builds the loss from a complete parameter map (the keys of {@link #DEFAULTS}). */
    public static LogitStandardizationLoss fromParams(Map<String, Double> p) {
        return new LogitStandardizationLoss(p.get("temperature"), p.get("ce_weight"), p.get("kd_weight"));
    }

    public double getTemperature() {
        return temperature;
    }

    public double getCeWeight() {
        return ceWeight;
    }

    public double getKdWeight() {
        return kdWeight;
    }

    @Override
    String lossName() {
        return "logit_std";
    }

    @Override
    int minimumClasses() {
        return 2;
    }

    @Override
    void evaluate(Batch b, double[] scores, double[] gradient) {
        int k = b.k();
        double invT = 1.0 / temperature;
        double[] ns = new double[k];
        double[] nt = new double[k];
        double[] cs = new double[k];
        double[] g = new double[k];
        for (int i = 0; i < b.n(); i++) {
            double w = b.weight()[i];
            if (w == 0) {
                continue;
            }
            double ce = crossEntropy(b, i, w * ceWeight, gradient);
            double sigmaS = standardize(b.z(), b.zOffset(i), k, ns, cs);
            standardize(b.labels(), b.teacherOffset(i), k, nt, null);
            double lseS = logSumExp(ns, 0, k, invT, -1);
            double lseT = logSumExp(nt, 0, k, invT, -1);
            double kl = 0;
            for (int j = 0; j < k; j++) {
                double logPt = nt[j] * invT - lseT;
                double pt = Math.exp(logPt);
                if (pt != 0) {
                    kl += pt * (logPt - (ns[j] * invT - lseS));
                }
                g[j] = kdWeight * temperature * (Math.exp(ns[j] * invT - lseS) - pt);
            }
            scores[i] = w * (ceWeight * ce + kdWeight * temperature * temperature * kl);
            if (gradient != null) {
                double gMean = 0;
                double gc = 0;
                for (int j = 0; j < k; j++) {
                    gMean += g[j];
                    gc += g[j] * cs[j];
                }
                gMean /= k;
                double d = EPSILON + sigmaS;
                double second = sigmaS == 0 ? 0 : gc / (d * d * (k - 1) * sigmaS);
                int zi = b.zOffset(i);
                for (int j = 0; j < k; j++) {
                    gradient[zi + j] += w * ((g[j] - gMean) / d - cs[j] * second);
                }
            }
        }
    }

    /**
     * n(v) of {@code v[from .. from + k)} into {@code out}, the centred values into {@code centred} (when non-null);
     * returns std v (K − 1 denominator).
     */
    private static double standardize(double[] v, int from, int k, double[] out, double[] centred) {
        double mean = 0;
        for (int j = 0; j < k; j++) {
            mean += v[from + j];
        }
        mean /= k;
        double ss = 0;
        for (int j = 0; j < k; j++) {
            double c = v[from + j] - mean;
            ss += c * c;
        }
        double sigma = Math.sqrt(ss / (k - 1));
        for (int j = 0; j < k; j++) {
            double c = v[from + j] - mean;
            out[j] = c / (EPSILON + sigma);
            if (centred != null) {
                centred[j] = c;
            }
        }
        return sigma;
    }

    @Override
    public String toString() {
        return "LogitStandardizationLoss(T=" + temperature + ", ce_weight=" + ceWeight + ", kd_weight=" + kdWeight
                + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogitStandardizationLoss other)) {
            return false;
        }
        return Double.compare(temperature, other.temperature) == 0 && Double.compare(ceWeight, other.ceWeight) == 0
                && Double.compare(kdWeight, other.kdWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, ceWeight, kdWeight);
    }
}
