package io.smoothkd.experiments.config;

import io.smoothkd.core.loss.DistillationLosses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code student.losses}, torchdistill style: a loss of {@link DistillationLosses} by name, its
 * parameters, and the temperatures it is run at. Each teacher is distilled with every entry at each of its
 * temperatures. The temperature is not a parameter here: it is the grid.
 * <ul>
 *   <li>{@code kd}: without {@code params.beta} the section's {@code betas} grid is used, without
 *   {@code params.t_squared} the section's {@code t_squared}, so {@code losses: [{name: kd}]} is exactly the
 *   study without {@code losses}.</li>
 *   <li>{@code temperatures}: the hard teacher's (default: the section's {@code temperatures});
 *   {@code ls_teacher_temperatures}: the label-smoothed teachers' (default: this entry's {@code temperatures} when
 *   given, else the section's {@code ls_teacher_temperatures}).</li>
 * </ul>
 *
 * @param name                  a name of {@link DistillationLosses#names()}
 * @param params                the loss's parameters other than the temperature; left-out keys take the loss's
 *                              defaults
 * @param temperatures          the hard teacher's temperatures, or null for the section's
 * @param lsTeacherTemperatures the LS teachers' temperatures, or null (see above)
 */
public record StudentLoss(String name, Map<String, Double> params, List<Double> temperatures,
                          List<Double> lsTeacherTemperatures) {
    /** The temperature key of every registered loss, given by the temperature grids instead of params. */
    public static final String TEMPERATURE = "temperature";

    public StudentLoss {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        temperatures = temperatures == null ? null : List.copyOf(temperatures);
        lsTeacherTemperatures = lsTeacherTemperatures == null ? null : List.copyOf(lsTeacherTemperatures);
    }

    /** Hinton's KD on the section's grids: what a study without {@code losses} runs. */
    public static StudentLoss kd() {
        return new StudentLoss("kd", null, null, null);
    }

    /** Whether this is Hinton's KD (the paper's loss, whose cells keep the ids they always had). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isKd() {
        return "kd".equals(name);
    }

    /**
     * Checks the entry once, at load: the name is registered, each parameter is one of the loss's (not the
     * temperature) and in range, the temperatures are &gt; 0.
     *
     * @param key where the entry is, e.g. {@code student.losses[1]}
     */
    void check(String key) {
        if (name == null || !DistillationLosses.names().contains(name)) {
            throw new IllegalArgumentException(key + ".name: " + (name == null ? "missing" : "unknown loss '" + name
                    + "'") + ", expected one of " + String.join(", ", DistillationLosses.names()));
        }
        if (params.containsKey(TEMPERATURE)) {
            throw new IllegalArgumentException(key + ".params.temperature: the temperatures are a grid, expected them"
                    + " in " + key + ".temperatures (and ls_teacher_temperatures), not in params");
        }
        List<String> valid = DistillationLosses.defaults(name).keySet().stream().filter(k -> !k.equals(TEMPERATURE))
                .toList();
        for (Map.Entry<String, Double> p : params.entrySet()) {
            if (!valid.contains(p.getKey())) {
                throw new IllegalArgumentException(key + ".params." + p.getKey() + ": unknown parameter of loss "
                        + name + ", expected one of " + String.join(", ", valid) + " (the temperatures are "
                        + key + ".temperatures)");
            }
            if (p.getValue() == null || !Double.isFinite(p.getValue())) {
                throw new IllegalArgumentException(key + ".params." + p.getKey() + ": " + p.getValue()
                        + ", expected a finite number");
            }
        }
        checkTemperatures(key + ".temperatures", temperatures);
        checkTemperatures(key + ".ls_teacher_temperatures", lsTeacherTemperatures);
        Map<String, Double> probe = new LinkedHashMap<>(params);
        probe.put(TEMPERATURE, DistillationLosses.defaults(name).get(TEMPERATURE));
        try {
            DistillationLosses.resolve(name, probe);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".params: " + e.getMessage());
        }
    }

    /** The hard teacher's temperatures of this entry in {@code section}. */
    public List<Double> hardTeacherTemperatures(StudentConfig section) {
        return temperatures != null ? temperatures : section.temperatures();
    }

    /** The label-smoothed teachers' temperatures of this entry in {@code section}. */
    public List<Double> lsTeacherTemperatures(StudentConfig section) {
        if (lsTeacherTemperatures != null) {
            return lsTeacherTemperatures;
        }
        return temperatures != null ? temperatures : section.lsTeacherTemperatures();
    }

    /**
     * The parameter sets this entry runs, each complete but for the temperature (in the loss's order): one, or for
     * {@code kd} without {@code params.beta} one per β of the section's {@code betas}.
     */
    public List<Map<String, Double>> variants(StudentConfig section) {
        List<Map<String, Double>> out = new java.util.ArrayList<>();
        List<Double> betas = isKd() && !params.containsKey("beta") ? section.betas() : List.of(Double.NaN);
        for (double beta : betas) {
            Map<String, Double> given = new LinkedHashMap<>(params);
            if (isKd() && !params.containsKey("t_squared")) {
                given.put("t_squared", section.tSquared() ? 1.0 : 0.0);
            }
            if (!Double.isNaN(beta)) {
                given.put("beta", beta);
            }
            given.put(TEMPERATURE, DistillationLosses.defaults(name).get(TEMPERATURE));
            Map<String, Double> all = new LinkedHashMap<>(DistillationLosses.resolve(name, given));
            all.remove(TEMPERATURE);
            out.add(java.util.Collections.unmodifiableMap(all));
        }
        return out;
    }

    private static void checkTemperatures(String key, List<Double> ts) {
        if (ts == null) {
            return;
        }
        if (ts.isEmpty()) {
            throw new IllegalArgumentException(key + ": empty, expected at least one temperature > 0 (or leave the"
                    + " key out)");
        }
        for (Double t : ts) {
            if (t == null || !(t > 0) || t.isInfinite()) {
                throw new IllegalArgumentException(key + ": " + t + " is not > 0");
            }
        }
    }
}
