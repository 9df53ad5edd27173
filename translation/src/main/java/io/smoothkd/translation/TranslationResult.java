package io.smoothkd.translation;

import java.util.List;
import java.util.Map;

/**
 * The measurements of one trained model (one α, one seed) on the test phrases, without and with temperature
 * scaling (T fitted on the validation set's teacher-forced tokens).
 *
 * @param alpha        label smoothing of training
 * @param seed         seed of initialisation and batch order
 * @param scalingTemperature the temperature of temperature scaling, fitted on validation
 * @param parameters   trainable parameters
 * @param trainPairs   training pairs
 * @param trainSeconds wall time of training
 * @param epochLoss    mean training loss per epoch
 * @param tokens       test tokens (characters + end-of-sequence) scored teacher-forced
 * @param raw          token metrics and decoding quality of the model as trained
 * @param scaled       the same after dividing the logits by {@code scalingTemperature}
 * @param data         data provenance (package, checksums, split sizes)
 */
public record TranslationResult(double alpha, long seed, double scalingTemperature, long parameters, int trainPairs,
                                double trainSeconds, List<Double> epochLoss, int tokens, Setting raw,
                                Setting scaled, Map<String, Object> data) {

    /**
     * One setting (as trained, or temperature-scaled).
     *
     * @param scalingTemperature 1 or the fitted temperature-scaling T
     * @param tokenAccuracy top-1 accuracy of the teacher-forced next character
     * @param ece           token-level ECE (equal-width bins)
     * @param nll           token-level mean NLL (nats)
     * @param diagramCounts reliability-diagram counts per bin
     * @param diagramAccuracy accuracy per bin
     * @param diagramConfidence mean confidence per bin
     * @param decoding      sequence quality per beam width (ascending)
     */
    public record Setting(double scalingTemperature, double tokenAccuracy, double ece, double nll, long[] diagramCounts,
                          double[] diagramAccuracy, double[] diagramConfidence, List<Decoding> decoding) {
    }

    /**
     * Sequence quality of one decoding on the test phrases.
     *
     * @param beam       beam width (1 = greedy)
     * @param bleu       corpus BLEU (sacreBLEU default), 0–100
     * @param chrf       corpus chrF2, 0–100
     * @param exactMatch share of outputs equal to a reference, 0–1
     * @param meanLength mean output length in characters
     */
    public record Decoding(int beam, double bleu, double chrf, double exactMatch, double meanLength) {
    }
}
