package io.smoothkd.student;

import io.smoothkd.core.loss.DistillationLoss;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a student learns from: a teacher run folder, softened at temperature T, weighted by β, with or without
 * Hinton's T² factor (paper §4).
 *
 * @param teacher                   the teacher's run folder
 * @param temperature               T &gt; 0
 * @param beta                      β ∈ [0, 1]
 * @param scaleByTemperatureSquared multiply the soft term by T²
 */
public record Distillation(Path teacher, double temperature, double beta, boolean scaleByTemperatureSquared) {
    public Distillation {
        if (teacher == null) {
            throw new IllegalArgumentException("a distillation needs a teacher run folder");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
    }

    public DistillationLoss loss() {
        return new DistillationLoss(temperature, beta, scaleByTemperatureSquared);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("teacher", teacher.toString());
        m.put("temperature", temperature);
        m.put("beta", beta);
        m.put("scale_by_temperature_squared", scaleByTemperatureSquared);
        return m;
    }
}
