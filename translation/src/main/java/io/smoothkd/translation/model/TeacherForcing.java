package io.smoothkd.translation.model;

import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.translation.data.CharVocabulary;
import io.smoothkd.translation.data.PhrasePair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Teacher-forced next-token prediction: for every pair and every target position t (end-of-sequence included)
 * the logits z_t of the decoder fed the true prefix y_&lt;t. These are the "tokens" of token-level calibration: a
 * classification over the V characters, one example per target character.
 */
public final class TeacherForcing {
    private static final int BATCH = 256;

    private TeacherForcing() {
    }

    /** Logits {@code [tokens, V]} with the true next character of each, over all pairs in order. */
    public static ClassificationLogits logits(CharSeq2Seq model, List<PhrasePair> pairs) {
        CharVocabulary vocab = model.vocabulary();
        int v = vocab.size();
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int start = 0; start < pairs.size(); start += BATCH) {
            List<PhrasePair> chunk = pairs.subList(start, Math.min(pairs.size(), start + BATCH));
            CharSeq2Seq.Encoded enc = model.encode(chunk.stream().map(PhrasePair::source).toList());
            var session = model.decoder(enc, 1);
            int n = chunk.size();
            int[][] targets = new int[n][];
            int longest = 0;
            for (int i = 0; i < n; i++) {
                int[] t = vocab.encode(chunk.get(i).target());
                targets[i] = new int[t.length + 1];
                System.arraycopy(t, 0, targets[i], 0, t.length);
                targets[i][t.length] = CharVocabulary.EOS;
                longest = Math.max(longest, targets[i].length);
            }
            int[] previous = new int[n];
            java.util.Arrays.fill(previous, CharVocabulary.BOS);
            float[][][] collected = new float[n][][];
            for (int i = 0; i < n; i++) {
                collected[i] = new float[targets[i].length][];
            }
            for (int t = 0; t < longest; t++) {
                float[][] z = session.step(previous);
                for (int i = 0; i < n; i++) {
                    if (t < targets[i].length) {
                        collected[i][t] = z[i];
                        previous[i] = targets[i][t];
                    } else {
                        previous[i] = CharVocabulary.EOS;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < targets[i].length; t++) {
                    rows.add(collected[i][t]);
                    labels.add(targets[i][t]);
                }
            }
        }
        double[] flat = new double[rows.size() * v];
        for (int r = 0; r < rows.size(); r++) {
            float[] z = rows.get(r);
            for (int k = 0; k < v; k++) {
                flat[r * v + k] = z[k];
            }
        }
        return new ClassificationLogits(flat, labels.stream().mapToInt(Integer::intValue).toArray(), v);
    }

    /** For tests: the graph's output probabilities at (pair i, position t), {@code [n, V, T]}. */
    static INDArray graphProbabilities(CharSeq2Seq model, List<PhrasePair> pairs) {
        return model.graphProbabilities(pairs.stream().map(PhrasePair::source).toList(),
                pairs.stream().map(PhrasePair::target).toList());
    }
}
