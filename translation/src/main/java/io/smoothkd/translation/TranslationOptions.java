package io.smoothkd.translation;

import io.smoothkd.translation.data.CorpusOptions;
import io.smoothkd.translation.decoding.LengthPenalty;
import io.smoothkd.translation.model.ModelOptions;

import java.util.List;

/**
 * Everything one translation run needs besides α and the seed.
 *
 * @param corpus        data selection and split
 * @param model         network size and training
 * @param beams         beam widths to decode with (1 = greedy)
 * @param lengthPenalty GNMT length normalisation of beam search
 * @param maxLength     most characters generated per phrase (end-of-sequence included)
 * @param bins          calibration bins (15, as in the paper)
 */
public record TranslationOptions(CorpusOptions corpus, ModelOptions model, List<Integer> beams,
                                 LengthPenalty lengthPenalty, int maxLength, int bins) {
    public TranslationOptions {
        if (beams == null || beams.isEmpty()) {
            throw new IllegalArgumentException("beams must list at least one beam width");
        }
        for (int b : beams) {
            if (b < 1 || b > 64) {
                throw new IllegalArgumentException("beam widths must be in [1, 64], got " + b);
            }
        }
        beams = List.copyOf(beams);
        if (maxLength < 1) {
            throw new IllegalArgumentException("max_length must be at least 1, got " + maxLength);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
    }
}
