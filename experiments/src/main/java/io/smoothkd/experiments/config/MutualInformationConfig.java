package io.smoothkd.experiments.config;

import java.util.List;

/**
 * The mutual-information curve measured while each teacher trains (paper §5): two classes, {@code per_class}
 * training examples of each (the paper: 300, N = 600), {@code copies} augmented copies (L = 5), every
 * {@code every} iterations. The copies differ by a random translation of up to {@code shift} pixels (absent: the
 * teacher's own jitter, or ±2 pixels) plus Gaussian pixel noise of standard deviation {@code noise} (default 0).
 * {@code sensitivity} (optional): a second probe, the same examples with copies that differ by its own {@code shift}
 * and {@code noise}, measured once at each teacher's end, so that the report shows how much the verdict depends on
 * the choice of probe.
 */
public record MutualInformationConfig(List<Integer> classes, Integer perClass, Integer copies, Integer every,
                                       Integer shift, Double noise, Sensitivity sensitivity) {
    /** The other probe: how its copies differ. */
    public record Sensitivity(Integer shift, Double noise) {
        public Sensitivity {
            shift = shift == null ? 0 : shift;
            noise = noise == null ? 0.0 : noise;
            Checks.atLeast("mutual_information.sensitivity.shift", shift, 0);
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("mutual_information.sensitivity.noise: expected a finite standard"
                        + " deviation >= 0, got " + noise);
            }
            if (shift == 0 && noise == 0) {
                throw new IllegalArgumentException("mutual_information.sensitivity: shift 0 with noise 0 makes every"
                        + " copy the same; expected shift >= 1 or noise > 0");
            }
        }

        /** As recorded in cells and fingerprints. */
        public java.util.Map<String, Object> toMap() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("shift", shift);
            m.put("noise", noise);
            return m;
        }
    }

    public MutualInformationConfig {
        classes = classes == null ? List.of(0, 1) : List.copyOf(classes);
        perClass = perClass == null ? 300 : perClass;
        copies = copies == null ? 5 : copies;
        every = every == null ? 200 : every;
        noise = noise == null ? 0.0 : noise;
        if (classes.size() != 2 || classes.get(0).equals(classes.get(1)) || classes.get(0) < 0 || classes.get(1) < 0) {
            throw new IllegalArgumentException("mutual_information.classes: expected two different class indices, got "
                    + classes);
        }
        Checks.atLeast("mutual_information.per_class", perClass, 1);
        Checks.atLeast("mutual_information.copies", copies, 2);
        Checks.atLeast("mutual_information.every", every, 1);
        if (shift != null) {
            Checks.atLeast("mutual_information.shift", shift, 0);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("mutual_information.noise: expected a finite standard deviation >= 0,"
                    + " got " + noise);
        }
        if (shift != null && shift == 0 && noise == 0) {
            throw new IllegalArgumentException("mutual_information.shift: 0 with noise 0 makes every copy the same;"
                    + " expected shift >= 1 or noise > 0");
        }
    }

    /** The same probe with the sensitivity setting's copies (and no sensitivity of its own). */
    public MutualInformationConfig sensitivityProbe() {
        if (sensitivity == null) {
            throw new IllegalStateException("no mutual_information.sensitivity");
        }
        return new MutualInformationConfig(classes, perClass, copies, every, sensitivity.shift(), sensitivity.noise(),
                null);
    }

    /** The trainer's settings for these keys. */
    public io.smoothkd.teacher.MutualInformationSettings settings() {
        return new io.smoothkd.teacher.MutualInformationSettings(classes.get(0), classes.get(1), perClass, copies,
                every, shift, noise);
    }
}
