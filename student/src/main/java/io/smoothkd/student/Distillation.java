package io.smoothkd.student;

import io.smoothkd.core.loss.DistillationLosses;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a student learns from and how: a teacher run folder and a distillation loss of
 * {@link DistillationLosses} by name, with its complete parameters (the given ones over the loss's defaults,
 * validated here, once).
 *
 * @param teacher the teacher's run folder
 * @param loss    a name of {@link DistillationLosses#names()}, e.g. {@code kd} (paper §4) or {@code dkd}
 * @param params  the loss's parameters; keys left out take the loss's defaults
 */
public record Distillation(Path teacher, String loss, Map<String, Double> params) {
    public Distillation {
        if (teacher == null) {
            throw new IllegalArgumentException("a distillation needs a teacher run folder");
        }
        params = DistillationLosses.resolve(loss, params == null ? Map.of() : params);
    }

    /** Hinton's KD as the paper uses it: {@code kd} at temperature T, weight β, with or without the T² factor. */
    public Distillation(Path teacher, double temperature, double beta, boolean scaleByTemperatureSquared) {
        this(teacher, "kd", Map.of("temperature", temperature, "beta", beta, "t_squared",
                scaleByTemperatureSquared ? 1.0 : 0.0));
    }

    /** The loss, built from the registry. */
    public ILossFunction lossFunction() {
        return DistillationLosses.create(loss, params);
    }

    /** The temperature the teacher is softened at, where the loss has one (every registered loss has). */
    public double temperature() {
        Double t = params.get("temperature");
        return t == null ? Double.NaN : t;
    }

    /** A short label for progress lines: {@code T=4.0 β=0.6} for kd, else the name and its parameters. */
    public String label() {
        if (loss.equals("kd")) {
            return "T=" + params.get("temperature") + " β=" + params.get("beta");
        }
        StringBuilder b = new StringBuilder(loss);
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * For provenance: the teacher, the loss and its complete parameters; for kd also the keys earlier run folders
     * carry ({@code temperature}, {@code beta}, {@code scale_by_temperature_squared}).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("teacher", teacher.toString());
        m.put("loss", loss);
        m.put("params", new LinkedHashMap<>(params));
        if (loss.equals("kd")) {
            m.put("temperature", params.get("temperature"));
            m.put("beta", params.get("beta"));
            m.put("scale_by_temperature_squared", params.get("t_squared") == 1.0);
        }
        return m;
    }
}
