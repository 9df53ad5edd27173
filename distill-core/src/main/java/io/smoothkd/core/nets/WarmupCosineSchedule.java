package io.smoothkd.core.nets;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning rate that rises linearly over the first {@code warmupIterations} steps and then follows half a cosine
 * down to {@code finalValue} at step {@code totalIterations} (Loshchilov &amp; Hutter 2017, without restarts):
 * <pre>
 *   i &lt; W:  lr(i) = initial · (i + 1) / W
 *   i ≥ W:  lr(i) = final + (initial − final) · (1 + cos(π · min(i − W, T − W) / (T − W))) / 2
 * </pre>
 * where i counts iterations (minibatch steps) from 0. DL4J calls {@link #valueAt} with the network's iteration
 * count, which its configuration carries, so a network restored from a checkpoint continues the same curve. Written
 * into the network's configuration JSON by its fields, read back through the annotated constructor.
 */
public final class WarmupCosineSchedule implements ISchedule {
    private final double initialValue;
    private final double finalValue;
    private final int warmupIterations;
    private final int totalIterations;

    public WarmupCosineSchedule(@JsonProperty("initialValue") double initialValue,
                                @JsonProperty("finalValue") double finalValue,
                                @JsonProperty("warmupIterations") int warmupIterations,
                                @JsonProperty("totalIterations") int totalIterations) {
        if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("initial learning rate must be > 0, got " + initialValue);
        }
        if (!(finalValue >= 0 && finalValue <= initialValue)) {
            throw new IllegalArgumentException("final learning rate must be in [0, " + initialValue + "], got "
                    + finalValue);
        }
        if (totalIterations < 1 || warmupIterations < 0 || warmupIterations >= totalIterations) {
            throw new IllegalArgumentException("need 0 <= warmup iterations < total iterations, got " + warmupIterations
                    + " and " + totalIterations);
        }
        this.initialValue = initialValue;
        this.finalValue = finalValue;
        this.warmupIterations = warmupIterations;
        this.totalIterations = totalIterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupIterations) {
            return initialValue * (iteration + 1) / warmupIterations;
        }
        int span = totalIterations - warmupIterations;
        double progress = Math.min(iteration - warmupIterations, span) / (double) span;
        return finalValue + (initialValue - finalValue) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(initialValue, finalValue, warmupIterations, totalIterations);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public double getFinalValue() {
        return finalValue;
    }

    public int getWarmupIterations() {
        return warmupIterations;
    }

    public int getTotalIterations() {
        return totalIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.initialValue == initialValue && s.finalValue == finalValue
                && s.warmupIterations == warmupIterations && s.totalIterations == totalIterations;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, finalValue, warmupIterations, totalIterations);
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule(" + initialValue + " -> " + finalValue + ", warmup " + warmupIterations + " of "
                + totalIterations + " iterations)";
    }
}
