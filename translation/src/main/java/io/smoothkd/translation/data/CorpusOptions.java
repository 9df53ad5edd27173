package io.smoothkd.translation.data;

/**
 * How the phrase pairs are chosen and split.
 *
 * @param maxChars        longest source and target phrase kept, in characters
 * @param minTargetWords  fewest words a kept target has (2 keeps phrases, so that corpus BLEU has 3- and 4-grams
 *                        to count; 1 keeps single words too)
 * @param maxReferences   most translations kept per English phrase (the first ones, in dictionary order)
 * @param validation      English phrases held out for validation (temperature fitting)
 * @param test            English phrases held out for the test
 * @param trainLimit      English phrases used for training (0 = all the rest)
 * @param seed            seed of the split
 */
public record CorpusOptions(int maxChars, int minTargetWords, int maxReferences, int validation, int test,
                            int trainLimit, long seed) {
    public CorpusOptions {
        if (maxChars < 2 || maxChars > 200) {
            throw new IllegalArgumentException("max_chars must be in [2, 200], got " + maxChars);
        }
        if (minTargetWords < 1 || minTargetWords > 10) {
            throw new IllegalArgumentException("min_target_words must be in [1, 10], got " + minTargetWords);
        }
        if (maxReferences < 1) {
            throw new IllegalArgumentException("max_references must be at least 1, got " + maxReferences);
        }
        if (validation < 1 || test < 1) {
            throw new IllegalArgumentException("validation and test must be at least 1, got " + validation + " and "
                    + test);
        }
        if (trainLimit < 0) {
            throw new IllegalArgumentException("train_limit must be >= 0 (0 = all), got " + trainLimit);
        }
    }
}
