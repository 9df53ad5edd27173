package io.smoothkd.core.nets;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How Adam's learning rate moves during training, resolved against the length of the training into a DL4J
 * {@link ISchedule}:
 * <ul>
 *   <li>{@link Kind#EXPONENTIAL}: the initial rate × {@code decay}<sup>epoch</sup> (DL4J's {@link ExponentialSchedule}
 *   per epoch; the project's original schedule and the default);</li>
 *   <li>{@link Kind#CONSTANT}: the initial rate throughout ({@link FixedSchedule});</li>
 *   <li>{@link Kind#COSINE}: a linear warm-up over {@code warmupEpochs}, then half a cosine to 0 at the end of the
 *   last epoch ({@link WarmupCosineSchedule}, per iteration).</li>
 * </ul>
 *
 * @param kind               the shape
 * @param warmupEpochs       length of the linear warm-up in epochs (may be fractional), [0, epochs); cosine only
 * @param epochs             epochs of the training (≥ 1)
 * @param iterationsPerEpoch minibatch steps per epoch (≥ 1), ⌈examples / batch⌉
 */
public record LearningRateSchedule(Kind kind, double warmupEpochs, int epochs, int iterationsPerEpoch) {
    /** The schedules, by their config name. */
    public enum Kind {
        CONSTANT, EXPONENTIAL, COSINE;

        /** The name in configs, on the command line and in provenance: {@code constant}, {@code exponential}, .... */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of a config name; unknown names are an error listing the valid ones. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.key().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "', expected one of "
                    + names());
        }

        public static String names() {
            return Arrays.stream(values()).map(Kind::key).collect(Collectors.joining(", "));
        }
    }

    public LearningRateSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule kind is missing, expected one of " + Kind.names());
        }
        if (epochs < 1 || iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("epochs and iterations per epoch must be >= 1, got " + epochs + " and "
                    + iterationsPerEpoch);
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
            throw new IllegalArgumentException("warmupEpochs must be in [0, " + epochs + "), got " + warmupEpochs);
        }
        if (warmupEpochs > 0 && kind != Kind.COSINE) {
            throw new IllegalArgumentException("warmupEpochs applies to the cosine schedule only, got " + warmupEpochs
                    + " with " + kind.key());
        }
    }

    /** The original schedule, per-epoch exponential decay; {@code epochs} and iterations do not matter to it. */
    public static LearningRateSchedule exponential() {
        return new LearningRateSchedule(Kind.EXPONENTIAL, 0, 1, 1);
    }

    /** Total minibatch steps of the training. */
    public int totalIterations() {
        return Math.multiplyExact(epochs, iterationsPerEpoch);
    }

    /** Warm-up steps: {@code round(warmupEpochs × iterationsPerEpoch)}. */
    public int warmupIterations() {
        return (int) Math.round(warmupEpochs * iterationsPerEpoch);
    }

    /**
     * The DL4J schedule for Adam.
     *
     * @param initial the initial (peak) learning rate, &gt; 0
     * @param decay   the per-epoch factor of the exponential schedule, (0, 1] (unused by the others)
     */
    public ISchedule of(double initial, double decay) {
        return switch (kind) {
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.EPOCH, initial, decay);
            case CONSTANT -> new FixedSchedule(initial);
            case COSINE -> new WarmupCosineSchedule(initial, 0.0, Math.min(warmupIterations(), totalIterations() - 1),
                    totalIterations());
        };
    }
}
