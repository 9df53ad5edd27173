package io.smoothkd.experiments.config;

import io.smoothkd.translation.TranslationOptions;
import io.smoothkd.translation.data.CorpusOptions;
import io.smoothkd.translation.decoding.LengthPenalty;
import io.smoothkd.translation.model.ModelOptions;

import java.util.List;

/**
 * The translation study (paper §4, WMT EN→DE, at small scale): English→German dictionary phrases
 * ({@code dict-freedict-eng-deu}), a character-level attentional encoder–decoder per α, temperature scaling fitted
 * on validation, greedy and beam-search decoding. Absent keys take the defaults below; the study's {@code seeds}
 * apply (each seed trains every α).
 *
 * @param alphas           label smoothing of the models (0 = hard targets)
 * @param maxChars         longest English and German phrase kept (characters)
 * @param minTargetWords   fewest words of a kept German phrase
 * @param maxReferences    translations kept per English phrase
 * @param validation       English phrases held out for temperature fitting
 * @param test             English phrases held out for the test
 * @param trainLimit       English phrases trained on (0 = all others)
 * @param splitSeed        seed of the split by English phrase
 * @param embedding        character embedding size
 * @param hidden           decoder LSTM size (encoder: BiLSTM of hidden/2 a direction)
 * @param epochs           training epochs
 * @param batch            pairs a step
 * @param lr               Adam learning rate
 * @param lrDecay          learning-rate decay per epoch
 * @param beams            beam widths (1 = greedy)
 * @param lengthPenalty    GNMT length-penalty exponent of beam search
 * @param maxLength        most characters generated
 */
public record TranslationConfig(List<Double> alphas, Integer maxChars, Integer minTargetWords, Integer maxReferences,
                                 Integer validation, Integer test, Integer trainLimit, Integer splitSeed,
                                 Integer embedding, Integer hidden, Integer epochs, Integer batch, Double lr,
                                 Double lrDecay, List<Integer> beams, Double lengthPenalty, Integer maxLength) {
    public TranslationConfig {
        alphas = alphas == null ? List.of(0.0, 0.1) : List.copyOf(alphas);
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException("translation.alphas: expected at least one value in [0, 1)");
        }
        for (Double a : alphas) {
            Checks.range("translation.alphas", a, 0, 1, true, false);
        }
        maxChars = maxChars == null ? 24 : maxChars;
        minTargetWords = minTargetWords == null ? 2 : minTargetWords;
        maxReferences = maxReferences == null ? 3 : maxReferences;
        validation = validation == null ? 500 : validation;
        test = test == null ? 500 : test;
        trainLimit = trainLimit == null ? 0 : trainLimit;
        splitSeed = splitSeed == null ? 1 : splitSeed;
        embedding = embedding == null ? 32 : embedding;
        hidden = hidden == null ? 128 : hidden;
        epochs = epochs == null ? 3 : epochs;
        batch = batch == null ? 64 : batch;
        lr = lr == null ? 0.003 : lr;
        lrDecay = lrDecay == null ? 0.9 : lrDecay;
        beams = beams == null ? List.of(1, 2, 4, 8) : List.copyOf(beams);
        lengthPenalty = lengthPenalty == null ? 0.6 : lengthPenalty;
        maxLength = maxLength == null ? 40 : maxLength;
        Checks.atLeast("translation.max_chars", maxChars, 2);
        Checks.atLeast("translation.min_target_words", minTargetWords, 1);
        Checks.atLeast("translation.max_references", maxReferences, 1);
        Checks.atLeast("translation.validation", validation, 1);
        Checks.atLeast("translation.test", test, 1);
        Checks.atLeast("translation.train_limit", trainLimit, 0);
        Checks.atLeast("translation.embedding", embedding, 1);
        Checks.atLeast("translation.hidden", hidden, 2);
        if (hidden % 2 != 0) {
            throw new IllegalArgumentException("translation.hidden: expected an even number, got " + hidden);
        }
        Checks.atLeast("translation.epochs", epochs, 1);
        Checks.atLeast("translation.batch", batch, 1);
        Checks.range("translation.lr", lr, 0, 1, false, true);
        Checks.range("translation.lr_decay", lrDecay, 0, 1, false, true);
        if (beams.isEmpty() || beams.stream().anyMatch(b -> b == null || b < 1 || b > 64)) {
            throw new IllegalArgumentException("translation.beams: expected beam widths in [1, 64], got " + beams);
        }
        Checks.range("translation.length_penalty", lengthPenalty, 0, 10, true, true);
        Checks.atLeast("translation.max_length", maxLength, 1);
    }

    /** The defaults. */
    public static TranslationConfig defaults() {
        return new TranslationConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The options of one run of the translation module. */
    public TranslationOptions options() {
        return new TranslationOptions(
                new CorpusOptions(maxChars, minTargetWords, maxReferences, validation, test, trainLimit, splitSeed),
                new ModelOptions(embedding, hidden, epochs, batch, lr, lrDecay, 5.0), beams,
                new LengthPenalty(lengthPenalty), maxLength, 15);
    }

    /** The same with other α values (command-line override). */
    public TranslationConfig withAlphas(List<Double> newAlphas) {
        return new TranslationConfig(newAlphas, maxChars, minTargetWords, maxReferences, validation, test, trainLimit,
                splitSeed, embedding, hidden, epochs, batch, lr, lrDecay, beams, lengthPenalty, maxLength);
    }
}
