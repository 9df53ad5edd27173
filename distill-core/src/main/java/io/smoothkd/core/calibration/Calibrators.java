package io.smoothkd.core.calibration;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The post-hoc calibration methods by name: {@code temperature} ({@link TemperatureScaling}), {@code vector}
 * ({@link VectorScaling}), {@code matrix} ({@link MatrixScaling}; parameters {@code off_diagonal_l2},
 * {@code intercept_l2}, default 0), {@code histogram} ({@link HistogramBinning}; parameter {@code bins}, default 15),
 * {@code isotonic} ({@link IsotonicRegression}). An unknown name or parameter is an {@link IllegalArgumentException}
 * naming the valid ones.
 */
public final class Calibrators {
    private static final List<String> NAMES = List.of("temperature", "vector", "matrix", "histogram", "isotonic");

    private Calibrators() {
    }

    /** The valid names, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    public static Calibrator create(String name) {
        return create(name, Map.of());
    }

    public static Calibrator create(String name, Map<String, Double> params) {
        switch (name) {
            case "temperature" -> {
                check(name, params, Set.of());
                return new TemperatureScaling();
            }
            case "vector" -> {
                check(name, params, Set.of());
                return new VectorScaling();
            }
            case "matrix" -> {
                check(name, params, Set.of("off_diagonal_l2", "intercept_l2"));
                return new MatrixScaling(params.getOrDefault("off_diagonal_l2", 0.0),
                        params.getOrDefault("intercept_l2", 0.0));
            }
            case "histogram" -> {
                check(name, params, Set.of("bins"));
                double b = params.getOrDefault("bins", (double) ReliabilityDiagram.DEFAULT_BINS);
                if (b != Math.rint(b) || b < 1 || b > 1e6) {
                    throw new IllegalArgumentException("histogram: bins must be a whole number >= 1, got " + b);
                }
                return new HistogramBinning((int) b);
            }
            case "isotonic" -> {
                check(name, params, Set.of());
                return new IsotonicRegression();
            }
            default -> throw new IllegalArgumentException("unknown calibration method '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        }
    }

    private static void check(String name, Map<String, Double> params, Set<String> valid) {
        for (String key : params.keySet()) {
            if (!valid.contains(key)) {
                throw new IllegalArgumentException("calibration method '" + name + "' has no parameter '" + key
                        + "'; expected " + (valid.isEmpty() ? "none" : String.join(", ", valid.stream().sorted().toList())));
            }
        }
    }
}
