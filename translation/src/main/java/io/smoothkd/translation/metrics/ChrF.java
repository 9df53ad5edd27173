package io.smoothkd.translation.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus chrF (Popović 2015) with sacreBLEU 2.x's defaults ({@code CHRF()}: character n-grams n = 1…6, no word
 * n-grams, β = 2, case-sensitive, white space removed): for each sentence, with each reference in turn, the
 * character n-gram counts of hypothesis and reference (white space deleted first) give per order n the hypothesis
 * n-grams, reference n-grams and matches Σ min(count_hyp, count_ref); the reference with the best sentence chrF
 * supplies the sentence's statistics, which are summed over the corpus. Then per order P_n = matches/hyp and
 * R_n = matches/ref; P and R are their means over the orders where both the hypothesis and the reference have
 * n-grams, and chrF = 100 · (1 + β²) P R / (β² P + R) (0 when P + R = 0).
 */
public final class ChrF {
    /** Largest character n-gram order. */
    public static final int ORDER = 6;
    /** β: recall weighted β times as much as precision. */
    public static final double BETA = 2.0;

    private ChrF() {
    }

    /** Corpus chrF2, 0–100. */
    public static double corpus(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists");
        }
        long[] total = new long[3 * ORDER];
        for (int s = 0; s < hypotheses.size(); s++) {
            long[] best = null;
            double bestScore = -1;
            for (String ref : references.get(s)) {
                long[] st = sentenceStatistics(hypotheses.get(s), ref);
                double f = score(st);
                if (f > bestScore) {
                    bestScore = f;
                    best = st;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("sentence " + s + " has no reference");
            }
            for (int i = 0; i < total.length; i++) {
                total[i] += best[i];
            }
        }
        return score(total);
    }

    /** Per order n (index 3(n−1)): hypothesis n-grams, reference n-grams, matches. */
    static long[] sentenceStatistics(String hypothesis, String reference) {
        String h = hypothesis.replaceAll("\\s+", "");
        String r = reference.replaceAll("\\s+", "");
        long[] st = new long[3 * ORDER];
        for (int n = 1; n <= ORDER; n++) {
            Map<String, Integer> hc = ngrams(h, n);
            Map<String, Integer> rc = ngrams(r, n);
            long match = 0;
            for (Map.Entry<String, Integer> e : hc.entrySet()) {
                match += Math.min(e.getValue(), rc.getOrDefault(e.getKey(), 0));
            }
            st[3 * (n - 1)] = Math.max(0, h.length() - n + 1);
            st[3 * (n - 1) + 1] = Math.max(0, r.length() - n + 1);
            st[3 * (n - 1) + 2] = match;
        }
        return st;
    }

    /** chrF (0–100) of statistics laid out as in {@link #sentenceStatistics}. */
    static double score(long[] st) {
        double factor = BETA * BETA;
        double precision = 0;
        double recall = 0;
        int effective = 0;
        for (int n = 0; n < ORDER; n++) {
            long hyp = st[3 * n];
            long ref = st[3 * n + 1];
            long match = st[3 * n + 2];
            if (hyp > 0 && ref > 0) {
                precision += (double) match / hyp;
                recall += (double) match / ref;
                effective++;
            }
        }
        if (effective == 0) {
            return 0;
        }
        precision /= effective;
        recall /= effective;
        if (precision + recall == 0) {
            return 0;
        }
        return 100 * (1 + factor) * precision * recall / (factor * precision + recall);
    }

    private static Map<String, Integer> ngrams(String s, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= s.length(); i++) {
            counts.merge(s.substring(i, i + n), 1, Integer::sum);
        }
        return counts;
    }
}
