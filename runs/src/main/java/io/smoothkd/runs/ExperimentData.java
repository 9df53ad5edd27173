package io.smoothkd.runs;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.data.Split;
import io.smoothkd.core.data.ValidationSplit;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The three sets of one training: the examples trained on, a validation set carved from the training set
 * (seeded, fixed size: model selection and the temperature of temperature scaling), and the test set, used only
 * for final numbers. {@code trainRows} maps each training example to its row in the full training file, so
 * that cached teacher logits (saved for every row of that file) can be looked up.
 *
 * @param dataset        data set name
 * @param train          examples trained on
 * @param trainRows      their rows in the full training file
 * @param validation     held-out validation examples
 * @param validationRows their rows in the full training file
 * @param test           the test set
 * @param fullTrain      the whole training file (for saving logits of every row)
 * @param checksums      SHA-256 of the data files
 */
public record ExperimentData(String dataset, LabeledImages train, int[] trainRows, LabeledImages validation,
                             int[] validationRows, LabeledImages test, LabeledImages fullTrain,
                             Map<String, String> checksums) {

    /**
     * Loads a data set and splits it.
     *
     * @param validationSize examples held out of the training file
     * @param trainLimit     train on at most this many (a seeded subset; ≤ 0 = all), for quick runs and tests
     * @param testLimit      evaluate on at most this many test examples (the first ones; ≤ 0 = all)
     * @param splitSeed      seed of the validation split and of the subset
     */
    public static ExperimentData load(DatasetRepository repository, String dataset, int validationSize, int trainLimit,
                                      int testLimit, long splitSeed) throws IOException {
        LabeledImages full = repository.load(dataset, Split.TRAIN);
        LabeledImages test = repository.load(dataset, Split.TEST);
        ValidationSplit split = ValidationSplit.of(full, validationSize, splitSeed);
        int[] rows = split.trainIndices();
        LabeledImages train = split.train();
        if (trainLimit > 0 && trainLimit < rows.length) {
            int[] pick = new int[rows.length];
            for (int i = 0; i < pick.length; i++) {
                pick[i] = i;
            }
            Random r = new Random(splitSeed + 1);
            for (int i = pick.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = pick[i];
                pick[i] = pick[j];
                pick[j] = t;
            }
            int[] chosen = Arrays.copyOf(pick, trainLimit);
            Arrays.sort(chosen);
            int[] limitedRows = new int[trainLimit];
            for (int i = 0; i < trainLimit; i++) {
                limitedRows[i] = rows[chosen[i]];
            }
            rows = limitedRows;
            train = full.subset(rows);
        }
        if (testLimit > 0 && testLimit < test.size()) {
            int[] first = new int[testLimit];
            for (int i = 0; i < testLimit; i++) {
                first[i] = i;
            }
            test = test.subset(first);
        }
        Map<String, String> sums = new LinkedHashMap<>(repository.checksums(dataset));
        return new ExperimentData(dataset, train, rows, split.validation(), split.validationIndices(), test, full, sums);
    }

    public int classes() {
        return fullTrain.classes();
    }
}
