package io.smoothkd.experiments.config;

import io.smoothkd.core.nets.LearningRateSchedule;
import io.smoothkd.core.nets.NetSpec;

/** Range checks of config values; each failure names the key, the value and the allowed range. */
final class Checks {
    private Checks() {
    }

    static void range(String key, Double v, double lo, double hi, boolean loInclusive, boolean hiInclusive) {
        boolean ok = v != null && (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + v + " is outside " + (loInclusive ? "[" : "(") + lo + ", "
                    + hi + (hiInclusive ? "]" : ")"));
        }
    }

    static void atLeast(String key, Integer v, int min) {
        if (v == null || v < min) {
            throw new IllegalArgumentException(key + ": " + v + " must be >= " + min);
        }
    }

    static void net(String key, String net) {
        try {
            NetSpec.parse(net);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    static void common(String section, Integer epochs, Integer batch, Double lr, Double lrDecay, Double dropout,
                       Double inputDropout, Integer jitter, Integer patience) {
        atLeast(section + ".epochs", epochs, 1);
        atLeast(section + ".batch", batch, 1);
        if (!(lr > 0) || lr.isInfinite()) {
            throw new IllegalArgumentException(section + ".lr: " + lr + " must be > 0");
        }
        range(section + ".lr_decay", lrDecay, 0, 1, false, true);
        range(section + ".dropout", dropout, 0, 1, true, false);
        range(section + ".input_dropout", inputDropout, 0, 1, true, false);
        if (jitter < 0 || jitter > 8) {
            throw new IllegalArgumentException(section + ".jitter: " + jitter + " is outside [0, 8]");
        }
        atLeast(section + ".patience", patience, 0);
    }

    /**
     * The training-recipe keys: {@code lr_schedule} one of constant / exponential / cosine, {@code lr_decay} only
     * with exponential, {@code warmup_epochs} in [0, epochs) and only with cosine, {@code max_norm} ≥ 0 (0 = none),
     * {@code weight_decay} in [0, 1).
     *
     * @param lrDecayGiven whether the config named {@code lr_decay} itself (not the default)
     */
    static void recipe(String section, String lrSchedule, boolean lrDecayGiven, Double warmupEpochs, int epochs,
                       Double maxNorm, Double weightDecay) {
        LearningRateSchedule.Kind kind;
        try {
            kind = LearningRateSchedule.Kind.parse(lrSchedule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(section + ".lr_schedule: " + e.getMessage());
        }
        if (lrDecayGiven && kind != LearningRateSchedule.Kind.EXPONENTIAL) {
            throw new IllegalArgumentException(section + ".lr_decay: applies to lr_schedule: exponential only, not "
                    + kind.key());
        }
        range(section + ".warmup_epochs", warmupEpochs, 0, epochs, true, false);
        if (warmupEpochs > 0 && kind != LearningRateSchedule.Kind.COSINE) {
            throw new IllegalArgumentException(section + ".warmup_epochs: applies to lr_schedule: cosine only, not "
                    + kind.key());
        }
        if (maxNorm == null || !(maxNorm >= 0) || maxNorm.isInfinite()) {
            throw new IllegalArgumentException(section + ".max_norm: " + maxNorm + " must be > 0, or 0 for none");
        }
        range(section + ".weight_decay", weightDecay, 0, 1, true, false);
    }
}
