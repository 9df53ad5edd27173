package io.smoothkd.experiments.config;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * How the study's teachers are trained. Missing keys take the defaults of the paper's MNIST teacher.
 *
 * @param net          network, e.g. {@code 784-1200-1200-10} or {@code cnn}
 * @param alphas       label smoothing of each teacher family, each in [0, 1)
 * @param epochs       epochs
 * @param batch        minibatch size
 * @param lr           Adam learning rate
 * @param lrDecay      learning-rate factor per epoch of the exponential schedule, (0, 1]
 * @param dropout      hidden drop probability, [0, 1)
 * @param inputDropout input drop probability, [0, 1)
 * @param jitter       random translation in pixels, [0, 8]
 * @param patience     early-stopping patience (0 = off)
 * @param lrSchedule   learning-rate schedule: {@code exponential} (default: × lr_decay per epoch), {@code constant},
 *                     {@code cosine} (linear warm-up over warmup_epochs, then half a cosine to 0 at the end)
 * @param warmupEpochs cosine warm-up in epochs, [0, epochs) (default 0)
 * @param maxNorm      max-norm bound on each unit's incoming weights (DL4J MaxNormConstraint), 0 = none (default)
 * @param weightDecay  decoupled (AdamW) weight decay λ of the weights, [0, 1) (default 0)
 * @param elastic      elastic distortion [α, σ] in pixels before the jitter (Simard et al. 2003), e.g. [34, 4];
 *                     absent or empty = none (default); written (study.json) only when on, so a study described
 *                     before the key existed stays the same study and its results folders still merge
 */
public record TeacherConfig(String net, List<Double> alphas, Integer epochs, Integer batch, Double lr, Double lrDecay,
                             Double dropout, Double inputDropout, Integer jitter, Integer patience,
                             String lrSchedule, Double warmupEpochs, Double maxNorm, Double weightDecay,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> elastic) {
    public TeacherConfig {
        boolean lrDecayGiven = lrDecay != null;
        net = net == null ? "784-1200-1200-10" : net;
        alphas = alphas == null ? List.of(0.0, 0.1) : List.copyOf(alphas);
        epochs = epochs == null ? 30 : epochs;
        batch = batch == null ? 128 : batch;
        lr = lr == null ? 1e-3 : lr;
        lrDecay = lrDecay == null ? 0.95 : lrDecay;
        dropout = dropout == null ? 0.5 : dropout;
        inputDropout = inputDropout == null ? 0.2 : inputDropout;
        jitter = jitter == null ? 2 : jitter;
        patience = patience == null ? 0 : patience;
        Checks.net("teacher.net", net);
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException("teacher.alphas: expected at least one value in [0, 1)");
        }
        for (Double a : alphas) {
            Checks.range("teacher.alphas", a, 0, 1, true, false);
        }
        lrSchedule = lrSchedule == null ? "exponential" : lrSchedule;
        warmupEpochs = warmupEpochs == null ? 0.0 : warmupEpochs;
        maxNorm = maxNorm == null ? 0.0 : maxNorm;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        Checks.common("teacher", epochs, batch, lr, lrDecay, dropout, inputDropout, jitter, patience);
        Checks.recipe("teacher", lrSchedule, lrDecayGiven, warmupEpochs, epochs, maxNorm, weightDecay);
        elastic = elastic == null ? List.of() : List.copyOf(elastic);
        if (!elastic.isEmpty()) {
            if (elastic.size() != 2) {
                throw new IllegalArgumentException("teacher.elastic: expected [alpha, sigma] in pixels (e.g. [34, 4]),"
                        + " got " + elastic);
            }
            Checks.range("teacher.elastic alpha", elastic.get(0), 0, Double.MAX_VALUE, false, false);
            Checks.range("teacher.elastic sigma", elastic.get(1), 0, 64, false, true);
        }
    }

    /** Elastic distortion's α in pixels, 0 when there is none. */
    public double elasticAlpha() {
        return elastic.isEmpty() ? 0 : elastic.get(0);
    }

    /** Elastic distortion's σ in pixels, 0 when there is none. */
    public double elasticSigma() {
        return elastic.isEmpty() ? 0 : elastic.get(1);
    }

    public static TeacherConfig defaults() {
        return new TeacherConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
