package io.smoothkd.teacher;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.runs.RunConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutual-information curve of paper §5 measured while a teacher trains: two classes a and b, {@code perClass}
 * training examples of each (N = 2·perClass), L augmented copies each, Î(X; z_a − z_b) every {@code every}
 * iterations. The copies differ by a random translation of up to {@code shift} pixels (null: the teacher's own
 * training augmentation, or ±2 pixels when it trains without one) plus Gaussian pixel noise of standard deviation
 * {@code noise}, clipped to [0, 1] (0: none).
 */
public record MutualInformationSettings(int classA, int classB, int perClass, int copies, int every, Integer shift,
                                        double noise) {
    public MutualInformationSettings {
        if (classA == classB || classA < 0 || classB < 0) {
            throw new IllegalArgumentException("mutual information needs two different classes, got " + classA
                    + " and " + classB);
        }
        if (perClass < 1 || copies < 2 || every < 1) {
            throw new IllegalArgumentException("mutual information needs per_class >= 1, copies >= 2, every >= 1");
        }
        if (shift != null && shift < 0 || !(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("mutual information needs shift >= 0 pixels and a finite noise >= 0,"
                    + " got shift " + shift + " and noise " + noise);
        }
        if (shift != null && shift == 0 && noise == 0) {
            throw new IllegalArgumentException("mutual information needs augmented copies that differ: shift 0 with"
                    + " noise 0 makes every copy the same (expected shift >= 1 or noise > 0)");
        }
    }

    /** The teacher's own augmentation (or ±2 pixels), no added noise. */
    public MutualInformationSettings(int classA, int classB, int perClass, int copies, int every) {
        this(classA, classB, perClass, copies, every, null, 0.0);
    }

    /**
     * How the L copies of an example differ, for a teacher trained with {@code config}: shifted by up to the
     * teacher's jitter (never elastically distorted, also when the teacher was), or ±2 pixels.
     */
    public Augmentation augmentation(RunConfig config) {
        Augmentation base = Augmentation.translation(shift != null ? shift : config.jitter() > 0 ? config.jitter() : 2);
        return noise > 0 ? base.withGaussianNoise(noise, true) : base;
    }

    /** The shift in pixels the copies use for a teacher trained with {@code config}. */
    public int shiftFor(RunConfig config) {
        return augmentation(config).maxShift();
    }

    public Map<String, Object> toMap(RunConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", new int[] {classA, classB});
        m.put("per_class", perClass);
        m.put("copies", copies);
        m.put("every", every);
        m.put("shift", shiftFor(config));
        m.put("noise", noise);
        return m;
    }
}
