package io.smoothkd.translation.model;

import io.smoothkd.translation.data.CharVocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A padded batch of (source, target) character sequences in the layout the graph trains on: source ids
 * {@code [n, S]} and mask; decoder input {@code [n, T]} = begin-of-sequence followed by the target; labels
 * {@code [n, V, T]} = the target followed by end-of-sequence, one-hot or label-smoothed
 * (y(1 − α) + α/V over all V ids); target mask {@code [n, T]}. T = longest target + 1.
 *
 * @param sourceIds   source character ids (padding 0)
 * @param sourceMask  1 at real source positions
 * @param targetInput decoder input ids
 * @param labels      training targets
 * @param targetMask  1 at real target positions (end-of-sequence included)
 * @param targetIds   the label ids {@code [n][T]} (end-of-sequence included, padding 0)
 */
record SequenceBatch(INDArray sourceIds, INDArray sourceMask, INDArray targetInput, INDArray labels,
                     INDArray targetMask, int[][] targetIds) {

    /** Padded source ids and mask. */
    record Sources(INDArray ids, INDArray mask) {
    }

    static Sources sources(CharVocabulary vocabulary, List<String> sources) {
        int n = sources.size();
        int s = 1;
        for (String src : sources) {
            s = Math.max(s, src.length());
        }
        float[][] ids = new float[n][s];
        float[][] mask = new float[n][s];
        for (int i = 0; i < n; i++) {
            int[] enc = vocabulary.encode(sources.get(i));
            for (int t = 0; t < enc.length; t++) {
                ids[i][t] = enc[t];
                mask[i][t] = 1;
            }
            if (enc.length == 0) {
                mask[i][0] = 1;
            }
        }
        return new Sources(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask));
    }

    static SequenceBatch of(CharVocabulary vocabulary, List<String> sources, List<String> targets, double alpha) {
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException(sources.size() + " sources but " + targets.size() + " targets");
        }
        Sources src = sources(vocabulary, sources);
        int n = targets.size();
        int v = vocabulary.size();
        int t = 1;
        for (String tgt : targets) {
            t = Math.max(t, tgt.length() + 1);
        }
        float[][] input = new float[n][t];
        float[][] mask = new float[n][t];
        int[][] ids = new int[n][t];
        float[] labels = new float[n * v * t];
        float off = (float) (alpha / v);
        float on = (float) (1 - alpha + alpha / v);
        for (int i = 0; i < n; i++) {
            int[] enc = vocabulary.encode(targets.get(i));
            input[i][0] = CharVocabulary.BOS;
            for (int k = 0; k < enc.length; k++) {
                input[i][k + 1] = enc[k];
            }
            for (int k = 0; k <= enc.length; k++) {
                int y = k < enc.length ? enc[k] : CharVocabulary.EOS;
                ids[i][k] = y;
                mask[i][k] = 1;
                for (int c = 0; c < v; c++) {
                    labels[(i * v + c) * t + k] = off;
                }
                labels[(i * v + y) * t + k] = on;
            }
        }
        INDArray labelArray = Nd4j.create(labels, new long[]{n, v, t}, DataType.FLOAT);
        return new SequenceBatch(src.ids(), src.mask(), Nd4j.createFromArray(input), labelArray,
                Nd4j.createFromArray(mask), ids);
    }

    /** The batch as a DL4J MultiDataSet (features: source, decoder input; masks; labels and their mask). */
    MultiDataSet toMultiDataSet() {
        return new MultiDataSet(new INDArray[]{sourceIds, targetInput}, new INDArray[]{labels},
                new INDArray[]{sourceMask, targetMask}, new INDArray[]{targetMask});
    }
}
