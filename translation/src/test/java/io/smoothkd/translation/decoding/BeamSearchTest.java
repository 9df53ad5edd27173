package io.smoothkd.translation.decoding;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BeamSearchTest {
    private static final int PAD = 0;
    private static final int BOS = 1;
    private static final int EOS = 2;

    /** Logits that depend on the whole history of a row (so a wrong reorder shows). */
    static final class ToyDecoder implements StepDecoder {
        private final int rows;
        private final int vocabulary;
        private final long salt;
        private long[] state;

        ToyDecoder(int rows, int vocabulary, long salt) {
            this.rows = rows;
            this.vocabulary = vocabulary;
            this.salt = salt;
            this.state = new long[rows];
        }

        @Override
        public int vocabularySize() {
            return vocabulary;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public float[][] step(int[] previous) {
            float[][] out = new float[rows][vocabulary];
            for (int r = 0; r < rows; r++) {
                state[r] = state[r] * 1_000_003L + previous[r] + 7;
                Random random = new Random(state[r] ^ salt);
                for (int k = 0; k < vocabulary; k++) {
                    out[r][k] = (float) (2.5 * random.nextGaussian());
                }
            }
            return out;
        }

        @Override
        public void reorder(int[] parents) {
            long[] next = new long[rows];
            for (int i = 0; i < rows; i++) {
                next[i] = state[parents[i]];
            }
            state = next;
        }
    }

    /** A decoder whose next-token distribution is given by a table on the previous token. */
    static final class TableDecoder implements StepDecoder {
        private final double[][] probabilities;
        private final int rows;

        TableDecoder(double[][] probabilities, int rows) {
            this.probabilities = probabilities;
            this.rows = rows;
        }

        @Override
        public int vocabularySize() {
            return probabilities[0].length;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public float[][] step(int[] previous) {
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                double[] p = probabilities[previous[r]];
                out[r] = new float[p.length];
                for (int k = 0; k < p.length; k++) {
                    out[r][k] = (float) Math.log(Math.max(p[k], 1e-30));
                }
            }
            return out;
        }

        @Override
        public void reorder(int[] parents) {
        }
    }

    @Test
    void beamFindsWhatGreedyMisses() {
        // tokens: 0 PAD, 1 BOS, 2 EOS, 3 A, 4 B. After BOS: A .6, B .4; after A: A .4, B .3, EOS .3; after B: EOS .98
        double[][] p = new double[5][];
        p[BOS] = new double[]{0, 0, 0, 0.6, 0.4};
        p[3] = new double[]{0, 0, 0.3, 0.4, 0.3};
        p[4] = new double[]{0, 0, 0.98, 0.01, 0.01};
        p[0] = p[2] = new double[]{0, 0, 1, 0, 0};
        BeamSearch search = new BeamSearch(BOS, EOS, PAD);
        Hypothesis greedy = search.greedy(new TableDecoder(p, 1), 6).get(0);
        assertThat(greedy.tokens()).containsExactly(3, 3, 3, 3, 3, 3);
        assertThat(greedy.finished()).isFalse();
        Hypothesis beam = search.search(new TableDecoder(p, 2), 2, 6, 1.0, LengthPenalty.NONE).get(0);
        assertThat(beam.tokens()).containsExactly(4);
        assertThat(beam.finished()).isTrue();
        assertThat(beam.logProbability()).isCloseTo(Math.log(0.4) + Math.log(0.98), within(1e-6));
    }

    @Test
    void beamOfOneIsGreedy() {
        int sources = 20;
        BeamSearch search = new BeamSearch(BOS, EOS, PAD);
        List<Hypothesis> greedy = search.greedy(new ToyDecoder(sources, 6, 11), 12);
        List<Hypothesis> beam = search.search(new ToyDecoder(sources, 6, 11), 1, 12, 1.0, LengthPenalty.GNMT);
        for (int s = 0; s < sources; s++) {
            assertThat(beam.get(s).tokens()).isEqualTo(greedy.get(s).tokens());
            assertThat(beam.get(s).logProbability()).isCloseTo(greedy.get(s).logProbability(), within(1e-9));
        }
    }

    @Test
    void aWideBeamIsExhaustiveSearch() {
        // tokens 3 and 4 plus EOS, at most 5 generated: a beam of 64 never drops a candidate, so it must find the
        // best sequence of an enumeration of all of them, for several sources decoded together and several penalties
        int maxLength = 5;
        for (LengthPenalty penalty : List.of(LengthPenalty.NONE, LengthPenalty.GNMT, new LengthPenalty(1.0))) {
            for (double temperature : new double[]{1.0, 1.7}) {
                int sources = 3;
                BeamSearch search = new BeamSearch(BOS, EOS, PAD);
                // each source gets its own salt: rows of source s use salt s (via a decoder per source)
                for (int s = 0; s < sources; s++) {
                    Hypothesis found = search.search(new ToyDecoder(64, 5, s), 64, maxLength, temperature, penalty)
                            .get(0);
                    double best = bruteForce(s, maxLength, temperature, penalty);
                    assertThat(found.score()).as("source %d, %s, T %s", s, penalty, temperature)
                            .isCloseTo(best, within(1e-9));
                }
            }
        }
    }

    /** The best normalised score over every sequence of tokens {3, 4} ending in EOS, or of maxLength tokens. */
    private static double bruteForce(long salt, int maxLength, double temperature, LengthPenalty penalty) {
        double best = Double.NEGATIVE_INFINITY;
        List<int[]> prefixes = new ArrayList<>();
        prefixes.add(new int[0]);
        for (int length = 0; length <= maxLength; length++) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : prefixes) {
                double[] scored = logProbability(prefix, salt, temperature);   // {log P(prefix), log P(EOS | prefix)}
                if (length < maxLength) {
                    best = Math.max(best, penalty.normalise(scored[0] + scored[1], length + 1));
                    for (int token : new int[]{3, 4}) {
                        int[] longer = Arrays.copyOf(prefix, length + 1);
                        longer[length] = token;
                        next.add(longer);
                    }
                } else {
                    best = Math.max(best, penalty.normalise(scored[0], length));
                }
            }
            prefixes = next;
        }
        return best;
    }

    private static double[] logProbability(int[] tokens, long salt, double temperature) {
        ToyDecoder d = new ToyDecoder(1, 5, salt);
        int previous = BOS;
        double total = 0;
        for (int token : tokens) {
            double[] lp = maskedLogSoftmax(d.step(new int[]{previous})[0], temperature);
            total += lp[token];
            previous = token;
        }
        double[] lp = maskedLogSoftmax(d.step(new int[]{previous})[0], temperature);
        return new double[]{total, lp[EOS]};
    }

    /**
     * The oracle: log of the softmax by its definition, p_k = exp(z_k/T) / Σ_j exp(z_j/T) over all tokens (forbidden
     * ones included in the normaliser, as beam search scores), in plain floating point without the max shift that
     * {@code BeamSearch.logSoftmax} uses; the toy logits are a few units, far from overflow.
     */
    private static double[] maskedLogSoftmax(float[] logits, double temperature) {
        double[] e = new double[logits.length];
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            e[k] = Math.exp(logits[k] / temperature);
            sum += e[k];
        }
        double[] out = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            out[k] = Math.log(e[k] / sum);
        }
        return out;
    }

    @Test
    void temperatureChangesBeamSearchScoresByTheScaledSoftmax() {
        float[] z = {1f, 2f, 3f};
        double[] lp = BeamSearch.logSoftmax(z, 2.0);
        double norm = Math.log(Math.exp(0.5) + Math.exp(1.0) + Math.exp(1.5));
        assertThat(lp[2]).isCloseTo(1.5 - norm, within(1e-12));
    }

    @Test
    void lengthPenaltyIsGnmts() {
        assertThat(new LengthPenalty(0.6).of(7)).isCloseTo(Math.pow(2.0, 0.6), within(1e-12));
        assertThat(LengthPenalty.NONE.normalise(-3.0, 10)).isEqualTo(-3.0);
    }
}
