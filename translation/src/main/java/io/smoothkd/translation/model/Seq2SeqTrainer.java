package io.smoothkd.translation.model;

import io.smoothkd.runs.TrainingDivergedException;
import io.smoothkd.translation.data.PhrasePair;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;

/**
 * Trains a {@link CharSeq2Seq} on phrase pairs with cross-entropy against targets smoothed by α (α = 0: hard
 * targets): each epoch shuffles the pairs with a generator seeded from the run's seed, then fits batches of at
 * most {@code batch} pairs of equal source length ({@link #batches}) with Adam; the learning rate decays per epoch. A NaN or infinite loss stops training with a
 * {@link TrainingDivergedException}. A progress bar (or, without a terminal, a log line every 15 s) shows pairs/s and
 * the running loss.
 */
public final class Seq2SeqTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Seq2SeqTrainer.class);

    private Seq2SeqTrainer() {
    }

    /**
     * @param alpha label smoothing α in [0, 1)
     * @return the mean training loss of each epoch
     */
    public static List<Double> train(CharSeq2Seq model, List<PhrasePair> pairs, double alpha, long seed, String task) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1), got " + alpha);
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        ModelOptions o = model.options();
        Random random = new Random(seed);
        List<PhrasePair> order = new ArrayList<>(pairs);
        List<Double> losses = new ArrayList<>();
        io.smoothkd.core.nets.OffHeapMemory.collectEvery(io.smoothkd.core.nets.OffHeapMemory.DEFAULT_WINDOW);
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            double sum = 0;
            int steps = 0;
            try (ProgressBar bar = bar(task + " epoch " + (epoch + 1) + "/" + o.epochs(), order.size())) {
                for (List<PhrasePair> chunk : batches(order, o.batch(), random)) {
                    List<String> src = chunk.stream().map(PhrasePair::source).toList();
                    List<String> tgt = chunk.stream().map(PhrasePair::target).toList();
                    model.graph().fit(SequenceBatch.of(model.vocabulary(), src, tgt, alpha).toMultiDataSet());
                    io.smoothkd.core.nets.OffHeapMemory.collectOccasionally(); // fit(MultiDataSet) does not
                    double loss = model.graph().score();
                    if (!Double.isFinite(loss)) {
                        throw new TrainingDivergedException("training diverged: the loss is " + loss + " at epoch "
                                + (epoch + 1) + ", step " + (steps + 1) + " (try a lower learning rate)");
                    }
                    sum += loss;
                    steps++;
                    bar.stepBy(chunk.size());
                    bar.setExtraMessage(String.format(" loss %.4f", sum / steps));
                }
            }
            model.graph().incrementEpochCount();
            losses.add(sum / steps);
            LOG.info("{}: epoch {}/{} mean loss {}", task, epoch + 1, o.epochs(), String.format("%.4f", sum / steps));
        }
        return losses;
    }

    /**
     * One epoch's batches: the pairs shuffled, grouped by source length (every batch holds sources of one length,
     * so the encoder and the attention never see padding), cut into batches of at most {@code batch}, and the
     * batches shuffled.
     */
    static List<List<PhrasePair>> batches(List<PhrasePair> pairs, int batch, Random random) {
        List<PhrasePair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, random);
        Map<Integer, List<PhrasePair>> byLength = new TreeMap<>();
        for (PhrasePair p : order) {
            byLength.computeIfAbsent(p.source().length(), k -> new ArrayList<>()).add(p);
        }
        List<List<PhrasePair>> batches = new ArrayList<>();
        for (List<PhrasePair> group : byLength.values()) {
            for (int start = 0; start < group.size(); start += batch) {
                batches.add(group.subList(start, Math.min(group.size(), start + batch)));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** A progress bar over {@code max} items; a log line every 15 s when there is no terminal. */
    public static ProgressBar bar(String task, long max) {
        return io.smoothkd.runs.ProgressListener.bar(task, max, " pairs");
    }
}
