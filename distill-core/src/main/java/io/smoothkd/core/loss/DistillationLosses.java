package io.smoothkd.core.loss;

import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The distillation losses by name, as torchdistill's loss registry: each loss is one class with its parameter
 * defaults and a factory, and one {@link #register} line below. Every loss takes
 * {@link DistillationLoss#packLabels}{@code (hard, teacherLogits)} as labels and the student logits as pre-output
 * (identity activation).
 * <table>
 * <caption>Registered losses, their parameters and defaults</caption>
 * <tr><th>name</th><th>class</th><th>parameters (default)</th></tr>
 * <tr><td>{@code kd}</td><td>{@link DistillationLoss}</td><td>temperature (4), beta (0.6), t_squared ∈ {0, 1}
 * (0)</td></tr>
 * <tr><td>{@code dkd}</td><td>{@link DecoupledKnowledgeDistillationLoss}</td><td>temperature (4), alpha (1), beta
 * (8), ce_weight (1)</td></tr>
 * <tr><td>{@code logit_std}</td><td>{@link LogitStandardizationLoss}</td><td>temperature (2), ce_weight (0.1),
 * kd_weight (9)</td></tr>
 * <tr><td>{@code dist}</td><td>{@link DistCorrelationLoss}</td><td>temperature (4), beta (2), gamma (2), ce_weight
 * (1)</td></tr>
 * </table>
 * A parameter left out takes its default; an unknown name or key is an {@link IllegalArgumentException} naming the
 * valid ones, and a value out of range one naming the parameter and the range (from the loss's constructor).
 */
public final class DistillationLosses {
    private record Entry(Map<String, Double> defaults, Function<Map<String, Double>, ? extends ILossFunction> factory) {
    }

    private static final Map<String, Entry> LOSSES = new LinkedHashMap<>();

    static {
        register("kd", DistillationLoss.DEFAULTS, DistillationLoss::fromParams);
        register("dkd", DecoupledKnowledgeDistillationLoss.DEFAULTS, DecoupledKnowledgeDistillationLoss::fromParams);
        register("logit_std", LogitStandardizationLoss.DEFAULTS, LogitStandardizationLoss::fromParams);
        register("dist", DistCorrelationLoss.DEFAULTS, DistCorrelationLoss::fromParams);
    }

    private DistillationLosses() {
    }

    private static void register(String name, Map<String, Double> defaults,
                                 Function<Map<String, Double>, ? extends ILossFunction> factory) {
        LOSSES.put(name, new Entry(Collections.unmodifiableMap(new LinkedHashMap<>(defaults)), factory));
    }

    /** The registered names, in registration order ({@code kd} first). */
    public static List<String> names() {
        return List.copyOf(LOSSES.keySet());
    }

    /** The parameters of loss {@code name} and their defaults, in the order of its formula. */
    public static Map<String, Double> defaults(String name) {
        return entry(name).defaults();
    }

    /**
     * The complete parameters of loss {@code name}: {@code params} over the defaults, in the defaults' order, each
     * value checked by building the loss. A record of a run can store this map and rebuild the same loss with
     * {@link #create}.
     */
    public static Map<String, Double> resolve(String name, Map<String, Double> params) {
        Entry e = entry(name);
        Map<String, Double> all = new LinkedHashMap<>(e.defaults());
        for (Map.Entry<String, Double> p : params.entrySet()) {
            if (!all.containsKey(p.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + p.getKey() + "' for loss " + name
                        + "; valid parameters: " + String.join(", ", e.defaults().keySet()));
            }
            if (p.getValue() == null) {
                throw new IllegalArgumentException("parameter '" + p.getKey() + "' of loss " + name
                        + " needs a number, got none");
            }
            all.put(p.getKey(), p.getValue());
        }
        e.factory().apply(all); // throws on a value out of range, naming the parameter
        return Collections.unmodifiableMap(all);
    }

    /**
     * The loss {@code name} with {@code params} (a parameter left out takes its default).
     *
     * @throws IllegalArgumentException for an unknown name or key (naming the valid ones), or a value out of range
     */
    public static ILossFunction create(String name, Map<String, Double> params) {
        return entry(name).factory().apply(resolve(name, params));
    }

    private static Entry entry(String name) {
        Entry e = name == null ? null : LOSSES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown distillation loss '" + name + "'; valid losses: "
                    + String.join(", ", LOSSES.keySet()));
        }
        return e;
    }
}
