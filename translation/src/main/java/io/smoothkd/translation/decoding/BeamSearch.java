package io.smoothkd.translation.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy search and beam search over a {@link StepDecoder}, for a batch of sources at once, with the logits
 * divided by a temperature T before the log-softmax (T = 1: the model as trained; temperature scaling changes how
 * log-probabilities of different steps and hypotheses add up, so it changes beam search but not greedy search).
 * <p>
 * Beam search of width B, as in fairseq: every source starts with one hypothesis (begin-of-sequence); at each
 * step every live hypothesis is extended by every token except padding, begin-of-sequence and unknown, and the
 * 2B best extensions by total log-probability are walked in order: an extension ending in end-of-sequence that
 * ranks among the first B is finished, the others (up to B) stay live. A source is done when B hypotheses have
 * finished; at the length limit its live hypotheses are finished as they are. The answer is the finished
 * hypothesis with the best length-normalised score ({@link LengthPenalty}). With B = 1 this is greedy search.
 */
public final class BeamSearch {
    private final int bos;
    private final int eos;
    private final int[] forbidden;

    /**
     * @param bos       the begin-of-sequence token (first input; never generated)
     * @param eos       the end-of-sequence token
     * @param forbidden other tokens never generated (padding, unknown)
     */
    public BeamSearch(int bos, int eos, int... forbidden) {
        this.bos = bos;
        this.eos = eos;
        this.forbidden = forbidden.clone();
    }

    /**
     * Greedy search: the most probable token at each step until end-of-sequence or {@code maxLength} tokens.
     *
     * @param decoder a session with one row per source
     */
    public List<Hypothesis> greedy(StepDecoder decoder, int maxLength) {
        int rows = decoder.rows();
        int v = decoder.vocabularySize();
        List<List<Integer>> tokens = new ArrayList<>();
        double[] logp = new double[rows];
        boolean[] done = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            tokens.add(new ArrayList<>());
        }
        int[] previous = new int[rows];
        Arrays.fill(previous, bos);
        int finished = 0;
        for (int t = 0; t < maxLength && finished < rows; t++) {
            float[][] logits = decoder.step(previous);
            for (int r = 0; r < rows; r++) {
                if (done[r]) {
                    previous[r] = eos;
                    continue;
                }
                double[] lp = logSoftmax(logits[r], 1.0);
                int best = -1;
                for (int k = 0; k < v; k++) {
                    if (!isForbidden(k) && (best < 0 || lp[k] > lp[best])) {
                        best = k;
                    }
                }
                logp[r] += lp[best];
                previous[r] = best;
                if (best == eos) {
                    done[r] = true;
                    finished++;
                } else {
                    tokens.get(r).add(best);
                }
            }
        }
        List<Hypothesis> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int[] seq = tokens.get(r).stream().mapToInt(Integer::intValue).toArray();
            out.add(new Hypothesis(seq, logp[r], done[r], logp[r]));
        }
        return out;
    }

    /**
     * Beam search.
     *
     * @param decoder     a session with {@code sources · beam} rows: rows s·B … s·B+B−1 decode source s
     * @param beam        the beam width B ≥ 1
     * @param maxLength   most tokens generated per hypothesis (end-of-sequence included)
     * @param temperature T &gt; 0 dividing the logits
     * @param penalty     the length normalisation used to pick among finished hypotheses
     */
    public List<Hypothesis> search(StepDecoder decoder, int beam, int maxLength, double temperature,
                                   LengthPenalty penalty) {
        if (beam < 1) {
            throw new IllegalArgumentException("beam width must be at least 1, got " + beam);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        int rows = decoder.rows();
        if (rows % beam != 0) {
            throw new IllegalArgumentException(rows + " decoder rows are not a multiple of the beam width " + beam);
        }
        int sources = rows / beam;
        int v = decoder.vocabularySize();
        double[] score = new double[rows];
        int[][] history = new int[rows][0];
        for (int s = 0; s < sources; s++) {
            for (int b = 1; b < beam; b++) {
                score[s * beam + b] = Double.NEGATIVE_INFINITY;
            }
        }
        List<List<Hypothesis>> finished = new ArrayList<>();
        boolean[] done = new boolean[sources];
        for (int s = 0; s < sources; s++) {
            finished.add(new ArrayList<>());
        }
        int[] previous = new int[rows];
        Arrays.fill(previous, bos);
        int remaining = sources;
        int candidatesPerSource = 2 * beam;
        for (int t = 1; t <= maxLength && remaining > 0; t++) {
            float[][] logits = decoder.step(previous);
            int[] parents = new int[rows];
            int[] chosen = new int[rows];
            double[] newScore = new double[rows];
            int[][] newHistory = new int[rows][];
            for (int s = 0; s < sources; s++) {
                int base = s * beam;
                for (int b = 0; b < beam; b++) {
                    parents[base + b] = base + b;
                    chosen[base + b] = eos;
                    newScore[base + b] = Double.NEGATIVE_INFINITY;
                    newHistory[base + b] = history[base + b];
                }
                if (done[s]) {
                    continue;
                }
                // the 2B best (slot, token) extensions, kept sorted by score (descending)
                double[] topScore = new double[candidatesPerSource];
                int[] topSlot = new int[candidatesPerSource];
                int[] topToken = new int[candidatesPerSource];
                Arrays.fill(topScore, Double.NEGATIVE_INFINITY);
                Arrays.fill(topSlot, -1);
                for (int b = 0; b < beam; b++) {
                    if (score[base + b] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double[] lp = logSoftmax(logits[base + b], temperature);
                    for (int k = 0; k < v; k++) {
                        if (isForbidden(k)) {
                            continue;
                        }
                        double c = score[base + b] + lp[k];
                        if (c > topScore[candidatesPerSource - 1]) {
                            int i = candidatesPerSource - 1;
                            while (i > 0 && c > topScore[i - 1]) {
                                topScore[i] = topScore[i - 1];
                                topSlot[i] = topSlot[i - 1];
                                topToken[i] = topToken[i - 1];
                                i--;
                            }
                            topScore[i] = c;
                            topSlot[i] = b;
                            topToken[i] = k;
                        }
                    }
                }
                int live = 0;
                for (int i = 0; i < candidatesPerSource && live < beam; i++) {
                    if (topSlot[i] < 0) {
                        break;
                    }
                    int parent = base + topSlot[i];
                    if (topToken[i] == eos) {
                        if (i < beam && finished.get(s).size() < beam) {
                            finished.get(s).add(new Hypothesis(history[parent].clone(), topScore[i], true,
                                    penalty.normalise(topScore[i], history[parent].length + 1)));
                        }
                        continue;
                    }
                    int slot = base + live;
                    parents[slot] = parent;
                    chosen[slot] = topToken[i];
                    newScore[slot] = topScore[i];
                    int[] h = Arrays.copyOf(history[parent], history[parent].length + 1);
                    h[h.length - 1] = topToken[i];
                    newHistory[slot] = h;
                    live++;
                }
                if (finished.get(s).size() >= beam || live == 0) {
                    done[s] = true;
                    remaining--;
                    for (int b = 0; b < beam; b++) {
                        newScore[base + b] = Double.NEGATIVE_INFINITY;
                    }
                }
            }
            score = newScore;
            history = newHistory;
            previous = chosen;
            if (remaining > 0) {
                decoder.reorder(parents);
            }
        }
        List<Hypothesis> out = new ArrayList<>(sources);
        for (int s = 0; s < sources; s++) {
            List<Hypothesis> f = finished.get(s);
            if (!done[s]) {
                for (int b = 0; b < beam; b++) {
                    int r = s * beam + b;
                    if (score[r] > Double.NEGATIVE_INFINITY) {
                        f.add(new Hypothesis(history[r].clone(), score[r], false,
                                penalty.normalise(score[r], history[r].length)));
                    }
                }
            }
            Hypothesis best = null;
            for (Hypothesis h : f) {
                if (best == null || h.score() > best.score()) {
                    best = h;
                }
            }
            out.add(best == null ? new Hypothesis(new int[0], Double.NEGATIVE_INFINITY, false,
                    Double.NEGATIVE_INFINITY) : best);
        }
        return out;
    }

    private boolean isForbidden(int token) {
        if (token == bos) {
            return true;
        }
        for (int f : forbidden) {
            if (f == token) {
                return true;
            }
        }
        return false;
    }

    /** log softmax(z / T) in double precision. */
    public static double[] logSoftmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z / temperature);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z / temperature - max);
        }
        double lse = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            out[k] = logits[k] / temperature - lse;
        }
        return out;
    }
}
