package io.smoothkd.translation.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU (Papineni et al. 2002) exactly as sacreBLEU 2.x computes it by default ({@code BLEU(tokenize='13a',
 * smooth_method='exp', max_ngram_order=4)}, signature {@code nrefs:N|case:mixed|eff:no|tok:13a|smooth:exp}):
 * hypotheses and references are tokenised with {@link Tokenizer13a} and split on spaces; for each order
 * n = 1…4, the matches are the hypothesis n-gram counts clipped by the largest count of that n-gram in any one
 * reference, summed over the corpus, and p_n = matches_n / total_n. An order with no match is smoothed ("exp",
 * NIST mteval): the k-th such order gets p_n = 1 / (2^k · total_n). An order whose total is 0 ends the loop and
 * its precision (and every higher one) is 0, so the score is 0. The reference length of a sentence is the
 * reference length closest to the hypothesis length (the shorter on a tie); with c and r the corpus hypothesis
 * and reference lengths, BP = 1 if c ≥ r, else exp(1 − r/c) (0 if c = 0), and
 * BLEU = 100 · BP · exp((1/4) Σ_n ln p_n), with ln 0 taken as −9 999 999 999 as sacreBLEU does.
 */
public final class Bleu {
    /** Largest n-gram order. */
    public static final int MAX_ORDER = 4;

    /** How orders without matches are treated. */
    public enum Smoothing {
        /** sacreBLEU's default: the k-th order without matches gets 1 / (2^k · total). */
        EXP,
        /** sacreBLEU's "floor": an order without matches gets 0.1 / total. */
        FLOOR,
        /** None: an order without matches makes the score 0. */
        NONE
    }

    /**
     * Corpus statistics.
     *
     * @param matches      clipped matches per order (index n−1)
     * @param totals       hypothesis n-grams per order
     * @param hypothesisLength corpus hypothesis length in tokens
     * @param referenceLength  corpus (closest) reference length in tokens
     */
    public record Statistics(long[] matches, long[] totals, long hypothesisLength, long referenceLength) {
    }

    private Bleu() {
    }

    /** sacreBLEU's default corpus BLEU (13a, exp smoothing), 0–100. */
    public static double corpus(List<String> hypotheses, List<List<String>> references) {
        return score(statistics(hypotheses, references, true), Smoothing.EXP, 0.1);
    }

    /**
     * Counts the corpus statistics.
     *
     * @param hypotheses one string per sentence
     * @param references for each sentence its references (one or more)
     * @param tokenize   apply {@link Tokenizer13a} (else only split on white space, sacreBLEU's {@code none})
     */
    public static Statistics statistics(List<String> hypotheses, List<List<String>> references, boolean tokenize) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists");
        }
        long[] matches = new long[MAX_ORDER];
        long[] totals = new long[MAX_ORDER];
        long hypLen = 0;
        long refLen = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            String[] hyp = words(hypotheses.get(s), tokenize);
            List<String> refs = references.get(s);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("sentence " + s + " has no reference");
            }
            Map<String, Integer> maxRefCounts = new HashMap<>();
            int closest = -1;
            int closestDiff = -1;
            for (String ref : refs) {
                String[] r = words(ref, tokenize);
                int diff = Math.abs(hyp.length - r.length);
                if (closestDiff == -1 || diff < closestDiff) {
                    closestDiff = diff;
                    closest = r.length;
                } else if (diff == closestDiff) {
                    closest = Math.min(closest, r.length);
                }
                for (Map.Entry<String, Integer> e : ngrams(r).entrySet()) {
                    maxRefCounts.merge(e.getKey(), e.getValue(), Math::max);
                }
            }
            hypLen += hyp.length;
            refLen += closest;
            for (Map.Entry<String, Integer> e : ngrams(hyp).entrySet()) {
                int order = order(e.getKey());
                totals[order - 1] += e.getValue();
                matches[order - 1] += Math.min(e.getValue(), maxRefCounts.getOrDefault(e.getKey(), 0));
            }
        }
        return new Statistics(matches, totals, hypLen, refLen);
    }

    /**
     * BLEU from corpus statistics, 0–100.
     *
     * @param floor the value of {@link Smoothing#FLOOR} (sacreBLEU's default 0.1)
     */
    public static double score(Statistics st, Smoothing smoothing, double floor) {
        double[] precisions = new double[MAX_ORDER];
        double smoothMteval = 1.0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            long total = st.totals()[n - 1];
            long correct = st.matches()[n - 1];
            if (total == 0) {
                break;
            }
            if (correct == 0) {
                if (smoothing == Smoothing.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * floor / total;
                }
            } else {
                precisions[n - 1] = 100.0 * correct / total;
            }
        }
        double bp;
        if (st.hypothesisLength() < st.referenceLength()) {
            bp = st.hypothesisLength() > 0
                    ? Math.exp(1.0 - (double) st.referenceLength() / st.hypothesisLength()) : 0.0;
        } else {
            bp = 1.0;
        }
        double sumLog = 0;
        for (double p : precisions) {
            sumLog += p == 0 ? -9_999_999_999.0 : Math.log(p);
        }
        return bp * Math.exp(sumLog / MAX_ORDER);
    }

    private static String[] words(String sentence, boolean tokenize) {
        String s = tokenize ? Tokenizer13a.tokenize(sentence) : sentence.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    /** n-gram counts for n = 1…4, each n-gram as its tokens joined by U+0001 prefixed by its order. */
    private static Map<String, Integer> ngrams(String[] tokens) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= tokens.length; i++) {
                StringBuilder sb = new StringBuilder().append(n);
                for (int j = i; j < i + n; j++) {
                    sb.append('\u0001').append(tokens[j]);
                }
                counts.merge(sb.toString(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int order(String key) {
        return key.charAt(0) - '0';
    }
}
