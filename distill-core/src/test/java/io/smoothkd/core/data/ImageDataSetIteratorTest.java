package io.smoothkd.core.data;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImageDataSetIteratorTest {
    private final LabeledImages data = LabeledImagesTest.rowsNumbered(23, 5);

    private static List<int[]> epochIndices(ImageDataSetIterator it) {
        List<int[]> batches = new ArrayList<>();
        while (it.hasNext()) {
            DataSet b = it.next();
            int[] idx = it.lastBatchIndices();
            assertThat(b.getExampleMetaData()).containsExactlyElementsOf(Arrays.stream(idx).boxed().toList());
            batches.add(idx);
        }
        return batches;
    }

    @Test
    void everyExampleExactlyOncePerEpochWithARowsAndLabelsMatch() {
        ImageDataSetIterator it = ImageDataSetIterator.over(data).batchSize(5).seed(3).build();
        for (int epoch = 0; epoch < 3; epoch++) {
            assertThat(it.epoch()).isEqualTo(epoch);
            List<int[]> batches = new ArrayList<>();
            while (it.hasNext()) {
                DataSet b = it.next();
                int[] idx = it.lastBatchIndices();
                for (int j = 0; j < idx.length; j++) {
                    assertThat(b.getFeatures().getFloat(j, 0)).isEqualTo((float) idx[j]);
                    assertThat(b.getLabels().getFloat(j, idx[j] % 5)).isEqualTo(1f);
                }
                batches.add(idx);
            }
            assertThat(batches).hasSize(5);
            assertThat(batches.get(4)).hasSize(3);
            int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertThat(all).containsExactly(IntStream.range(0, 23).toArray());
            it.reset();
        }
    }

    @Test
    void resetReshufflesDeterministicallyByEpoch() {
        ImageDataSetIterator a = ImageDataSetIterator.over(data).batchSize(4).seed(10).build();
        a.reset(); // nothing consumed yet: still epoch 0
        assertThat(a.epoch()).isZero();
        List<int[]> e0 = epochIndices(a);
        a.reset();
        List<int[]> e1 = epochIndices(a);
        assertThat(flat(e0)).isNotEqualTo(flat(e1));

        ImageDataSetIterator b = ImageDataSetIterator.over(data).batchSize(4).seed(10).build();
        assertThat(flat(epochIndices(b))).containsExactly(flat(e0));
        // epoch 1 with seed 10 is epoch 0 with seed 11
        ImageDataSetIterator c = ImageDataSetIterator.over(data).batchSize(4).seed(11).build();
        assertThat(flat(epochIndices(c))).containsExactly(flat(e1));
        b.startEpoch(1);
        assertThat(flat(epochIndices(b))).containsExactly(flat(e1));
    }

    @Test
    void withoutShufflingTheOrderIsTheOriginal() {
        ImageDataSetIterator it = ImageDataSetIterator.over(data).batchSize(10).shuffle(false).build();
        assertThat(flat(epochIndices(it))).containsExactly(IntStream.range(0, 23).toArray());
    }

    @Test
    void smoothedLabelsAreOneMinusAlphaPlusAlphaOverK() {
        ImageDataSetIterator it = ImageDataSetIterator.over(data).batchSize(23).labelSmoothing(0.1).build();
        DataSet b = it.next();
        int[] idx = it.lastBatchIndices();
        for (int j = 0; j < idx.length; j++) {
            for (int k = 0; k < 5; k++) {
                double expected = k == idx[j] % 5 ? 0.9 + 0.02 : 0.02;
                assertThat(b.getLabels().getDouble(j, k)).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void augmentationIsAppliedPerBatchAndReproducible() {
        Augmentation noise = Augmentation.none().withGaussianNoise(0.5, false);
        ImageDataSetIterator a = ImageDataSetIterator.over(data).batchSize(8).seed(1).augmentation(noise).build();
        ImageDataSetIterator b = ImageDataSetIterator.over(data).batchSize(8).seed(1).augmentation(noise).build();
        DataSet first = a.next();
        assertThat(first.getFeatures()).isEqualTo(b.next().getFeatures());
        assertThat(first.getFeatures()).isNotEqualTo(data.subset(a.lastBatchIndices()).features());
    }

    @Test
    void trainsADl4jNetworkThroughFit() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ImageDataSetIterator it = ImageDataSetIterator.over(data).batchSize(6).seed(2).build();
        net.fit(it, 3);
        assertThat(it.epoch()).isEqualTo(2);
        assertThat(net.getIterationCount()).isEqualTo(12);
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
