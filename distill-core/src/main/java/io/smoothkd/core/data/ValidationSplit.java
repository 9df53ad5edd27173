package io.smoothkd.core.data;

import java.util.Arrays;
import java.util.Random;

/**
 * A training set divided into the examples trained on and a held-out validation set of fixed size, chosen by
 * a seeded shuffle: the same data, size and seed always give the same division. Both index lists refer to
 * rows of the original set and are sorted ascending, so each part keeps the original order of its examples.
 *
 * @param train             the examples trained on, named {@code "<name>[train]"}
 * @param validation        the held-out examples, named {@code "<name>[validation]"}
 * @param trainIndices      rows of the original set that form {@code train}
 * @param validationIndices rows of the original set that form {@code validation}
 */
public record ValidationSplit(LabeledImages train, LabeledImages validation, int[] trainIndices,
                              int[] validationIndices) {

    /**
     * Carves {@code validationSize} examples out of {@code full}.
     *
     * @param full           the training set
     * @param validationSize examples held out, in [1, n − 1]
     * @param seed           seed of the shuffle (a Fisher–Yates shuffle driven by {@code new Random(seed)})
     * @throws IllegalArgumentException when the size leaves either part empty
     */
    public static ValidationSplit of(LabeledImages full, int validationSize, long seed) {
        int n = full.size();
        if (validationSize < 1 || validationSize >= n) {
            throw new IllegalArgumentException(full.name() + ": validation size must be in [1, " + (n - 1) + "], got "
                    + validationSize);
        }
        int[] order = shuffledRange(n, new Random(seed));
        int[] validation = Arrays.copyOfRange(order, 0, validationSize);
        int[] train = Arrays.copyOfRange(order, validationSize, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(rename(full.subset(train), full.name() + "[train]"),
                rename(full.subset(validation), full.name() + "[validation]"), train, validation);
    }

    /** 0, 1, …, n − 1 in the order of a Fisher–Yates shuffle driven by {@code random}. */
    static int[] shuffledRange(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static LabeledImages rename(LabeledImages d, String name) {
        return new LabeledImages(name, d.features(), d.labels(), d.classes(), d.channels(), d.height(), d.width());
    }
}
