package io.smoothkd.experiments.config;

import java.util.List;

/**
 * How the study's students are trained: from labels, from label-smoothed labels, and distilled from every teacher
 * at every (T, β). Missing keys take the defaults of the paper's MNIST student.
 *
 * @param net          network, e.g. {@code 784-800-800-10}
 * @param epochs       epochs
 * @param batch        minibatch size
 * @param lr           Adam learning rate
 * @param lrDecay      learning-rate factor per epoch of the exponential schedule, (0, 1]
 * @param dropout      hidden drop probability, [0, 1)
 * @param inputDropout input drop probability, [0, 1)
 * @param jitter       random translation in pixels (&gt; 0 makes the teacher run on each augmented batch)
 * @param patience     early-stopping patience (0 = off)
 * @param lrSchedule   learning-rate schedule: {@code exponential} (default: × lr_decay per epoch), {@code constant},
 *                     {@code cosine} (linear warm-up over warmup_epochs, then half a cosine to 0 at the end)
 * @param warmupEpochs cosine warm-up in epochs, [0, epochs) (default 0)
 * @param maxNorm      max-norm bound on each unit's incoming weights (DL4J MaxNormConstraint), 0 = none (default)
 * @param weightDecay  decoupled (AdamW) weight decay λ of the weights, [0, 1) (default 0)
 * @param fromLabels   also train a student from plain labels
 * @param lsAlphas     also train students with these label smoothings directly (the paper's third family)
 * @param temperatures distillation temperatures of the hard teacher's students (and of every teacher's, unless
 *                     {@code ls_teacher_temperatures} is given), each &gt; 0; empty: no distilled students
 * @param betas        distillation weights, each in [0, 1]
 * @param tSquared     multiply the soft term by T² (Hinton et al.)
 * @param lsTeacherTemperatures temperatures at which label-smoothed teachers are distilled (default: temperatures)
 * @param losses       the distillation losses, torchdistill style ({@link StudentLoss}); null (the key left out):
 *                     Hinton's KD alone, on {@code temperatures} × {@code betas}, as {@link #distillationLosses()}
 */
public record StudentConfig(String net, Integer epochs, Integer batch, Double lr, Double lrDecay, Double dropout,
                             Double inputDropout, Integer jitter, Integer patience, Boolean fromLabels,
                             List<Double> lsAlphas, List<Double> temperatures, List<Double> betas,
                             Boolean tSquared, List<Double> lsTeacherTemperatures, String lrSchedule,
                             Double warmupEpochs, Double maxNorm, Double weightDecay,
                             @com.fasterxml.jackson.annotation.JsonInclude(
                                     com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                             List<StudentLoss> losses) {
    public StudentConfig {
        boolean lrDecayGiven = lrDecay != null;
        net = net == null ? "784-800-800-10" : net;
        epochs = epochs == null ? 30 : epochs;
        batch = batch == null ? 128 : batch;
        lr = lr == null ? 1e-3 : lr;
        lrDecay = lrDecay == null ? 0.95 : lrDecay;
        dropout = dropout == null ? 0.0 : dropout;
        inputDropout = inputDropout == null ? 0.0 : inputDropout;
        jitter = jitter == null ? 0 : jitter;
        patience = patience == null ? 0 : patience;
        fromLabels = fromLabels == null || fromLabels;
        lsAlphas = lsAlphas == null ? List.of() : List.copyOf(lsAlphas);
        temperatures = temperatures == null ? List.of(4.0) : List.copyOf(temperatures);
        betas = betas == null ? List.of(0.6) : List.copyOf(betas);
        tSquared = tSquared != null && tSquared;
        lsTeacherTemperatures = lsTeacherTemperatures == null ? temperatures : List.copyOf(lsTeacherTemperatures);
        Checks.net("student.net", net);
        lrSchedule = lrSchedule == null ? "exponential" : lrSchedule;
        warmupEpochs = warmupEpochs == null ? 0.0 : warmupEpochs;
        maxNorm = maxNorm == null ? 0.0 : maxNorm;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        Checks.common("student", epochs, batch, lr, lrDecay, dropout, inputDropout, jitter, patience);
        Checks.recipe("student", lrSchedule, lrDecayGiven, warmupEpochs, epochs, maxNorm, weightDecay);
        for (Double a : lsAlphas) {
            Checks.range("student.ls_alphas", a, 0, 1, false, false);
        }
        for (Double t : temperatures) {
            if (t == null || !(t > 0) || t.isInfinite()) {
                throw new IllegalArgumentException("student.temperatures: " + t + " is not > 0");
            }
        }
        for (Double t : lsTeacherTemperatures) {
            if (t == null || !(t > 0) || t.isInfinite()) {
                throw new IllegalArgumentException("student.ls_teacher_temperatures: " + t + " is not > 0");
            }
        }
        for (Double b : betas) {
            Checks.range("student.betas", b, 0, 1, true, true);
        }
        if (losses != null) {
            losses = List.copyOf(losses);
            if (losses.isEmpty()) {
                throw new IllegalArgumentException("student.losses: empty, expected at least one entry {name: LOSS,"
                        + " params: {..}, temperatures: [..]} with LOSS one of "
                        + String.join(", ", io.smoothkd.core.loss.DistillationLosses.names())
                        + " (or leave the key out for kd)");
            }
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            for (int i = 0; i < losses.size(); i++) {
                StudentLoss l = losses.get(i);
                if (l == null) {
                    throw new IllegalArgumentException("student.losses[" + i + "]: empty, expected {name: LOSS, ...}");
                }
                l.check("student.losses[" + i + "]");
            }
            StudentConfig self = new StudentConfig(net, epochs, batch, lr, lrDecayGiven ? lrDecay : null, dropout,
                    inputDropout, jitter, patience, fromLabels, lsAlphas, temperatures, betas, tSquared,
                    lsTeacherTemperatures, lrSchedule, warmupEpochs, maxNorm, weightDecay, null);
            for (int i = 0; i < losses.size(); i++) {
                for (java.util.Map<String, Double> v : losses.get(i).variants(self)) {
                    Integer earlier = seen.putIfAbsent(losses.get(i).name() + v, i);
                    if (earlier != null) {
                        throw new IllegalArgumentException("student.losses[" + i + "]: runs " + losses.get(i).name()
                                + " with the same parameters " + v + " as student.losses[" + earlier + "]; expected"
                                + " each loss setting once (put all its temperatures in one entry)");
                    }
                }
            }
        }
    }

    /** The losses the students are distilled with: {@code losses}, or kd alone when the key is left out. */
    public List<StudentLoss> distillationLosses() {
        return losses == null ? List.of(StudentLoss.kd()) : losses;
    }

    public static StudentConfig defaults() {
        return new StudentConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
