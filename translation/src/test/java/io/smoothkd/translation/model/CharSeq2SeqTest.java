package io.smoothkd.translation.model;

import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.translation.data.CharVocabulary;
import io.smoothkd.translation.data.Example;
import io.smoothkd.translation.data.PhrasePair;
import io.smoothkd.translation.decoding.BeamSearch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CharSeq2SeqTest {
    // invented phrases (not dictionary data), of different lengths so that padding and masks matter
    private static final List<PhrasePair> PAIRS = List.of(
            new PhrasePair("red house", "rotes haus"),
            new PhrasePair("a cat", "eine katze"),
            new PhrasePair("the green garden door", "die gruene gartentuer"),
            new PhrasePair("dog", "hund"),
            new PhrasePair("small red dog", "kleiner roter hund"));

    private static CharSeq2Seq trainedModel(double alpha) {
        CharVocabulary vocab = CharVocabulary.of(PAIRS.stream()
                .map(p -> new Example(p.source(), List.of(p.target()))).toList());
        CharSeq2Seq model = CharSeq2Seq.create(vocab, new ModelOptions(6, 8, 3, 2, 0.01, 1.0, 5.0), 7);
        Seq2SeqTrainer.train(model, PAIRS, alpha, 1, "test");
        return model;
    }

    @Test
    void stepwiseDecoderReproducesTheGraphsTeacherForcedProbabilities() {
        CharSeq2Seq model = trainedModel(0.1);
        // the step-wise decoder scores the whole (padded) batch at once; the graph sees one pair at a time
        ClassificationLogits steps = TeacherForcing.logits(model, PAIRS);
        int v = model.vocabulary().size();
        int row = 0;
        for (int i = 0; i < PAIRS.size(); i++) {
            INDArray graph = TeacherForcing.graphProbabilities(model, List.of(PAIRS.get(i)));   // [1, V, T]
            int length = PAIRS.get(i).target().length() + 1;
            for (int t = 0; t < length; t++) {
                float[] z = new float[v];
                for (int k = 0; k < v; k++) {
                    z[k] = (float) steps.logits()[row * v + k];
                }
                double[] logp = BeamSearch.logSoftmax(z, 1.0);
                for (int k = 0; k < v; k++) {
                    assertThat(Math.exp(logp[k])).as("pair %d position %d class %d", i, t, k)
                            .isCloseTo(graph.getDouble(0, k, t), within(2e-5));
                }
                row++;
            }
        }
        assertThat(row).isEqualTo(steps.size());
    }

    @Test
    void trainingLowersTheLossAndIsReproducibleForASeed() {
        CharVocabulary vocab = CharVocabulary.of(PAIRS.stream()
                .map(p -> new Example(p.source(), List.of(p.target()))).toList());
        ModelOptions o = new ModelOptions(8, 16, 12, 5, 0.03, 1.0, 5.0);
        CharSeq2Seq a = CharSeq2Seq.create(vocab, o, 3);
        List<Double> lossA = Seq2SeqTrainer.train(a, PAIRS, 0.0, 1, "test");
        CharSeq2Seq b = CharSeq2Seq.create(vocab, o, 3);
        List<Double> lossB = Seq2SeqTrainer.train(b, PAIRS, 0.0, 1, "test");
        assertThat(lossA.get(lossA.size() - 1)).isLessThan(0.5 * lossA.get(0));
        assertThat(lossB).isEqualTo(lossA);
    }

    @Test
    void batchesHoldShiftedTargetsSmoothedLikeDistillCoresLabelSmoothingAndMasks() {
        CharVocabulary vocab = CharVocabulary.of(PAIRS.stream()
                .map(p -> new Example(p.source(), List.of(p.target()))).toList());
        SequenceBatch b = SequenceBatch.of(vocab, List.of("dog", "a cat"), List.of("hund", "eine katze"), 0.1);
        int v = vocab.size();
        assertThat(b.targetInput().shape()).containsExactly(2, 11);
        assertThat(b.labels().shape()).containsExactly(2, v, 11);
        int[] hund = vocab.encode("hund");
        assertThat(b.targetInput().getInt(0, 0)).isEqualTo(CharVocabulary.BOS);
        assertThat(b.targetInput().getInt(0, 1)).isEqualTo(hund[0]);
        assertThat(b.targetIds()[0]).startsWith(hund[0], hund[1], hund[2], hund[3], CharVocabulary.EOS);
        INDArray reference = io.smoothkd.core.targets.LabelSmoothing.smooth(
                new int[]{hund[0], hund[1], hund[2], hund[3], CharVocabulary.EOS}, v, 0.1);
        for (int t = 0; t < 5; t++) {
            for (int k = 0; k < v; k++) {
                assertThat(b.labels().getDouble(0, k, t)).isCloseTo(reference.getDouble(t, k), within(1e-6));
            }
            assertThat(b.targetMask().getDouble(0, t)).isEqualTo(1.0);
        }
        for (int t = 5; t < 11; t++) {
            assertThat(b.targetMask().getDouble(0, t)).isZero();
        }
        assertThat(b.sourceMask().getDouble(0, 2)).isEqualTo(1.0);
        assertThat(b.sourceMask().getDouble(0, 3)).isZero();
    }
}
