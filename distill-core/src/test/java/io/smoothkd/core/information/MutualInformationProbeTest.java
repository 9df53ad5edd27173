package io.smoothkd.core.information;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.nets.NetworkOptions;
import io.smoothkd.core.nets.Networks;
import io.smoothkd.core.representation.NetworkLogits;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MutualInformationProbeTest {

    static LabeledImages images(int n) {
        Random r = new Random(3);
        float[] x = new float[n * 16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 16; j++) {
                x[i * 16 + j] = r.nextFloat();
            }
        }
        return new LabeledImages("toy", Nd4j.create(x, new long[] {n, 16}, DataType.FLOAT), y, 3, 1, 4, 4);
    }

    @Test
    void measuresTheEstimatorOnTheLogitDifferenceOfTheFixedCopies() {
        LabeledImages data = images(60);
        MultiLayerNetwork net = Networks.build(NetSpec.parse("16-8-3"), 1, 4, 4, 3, NetworkOptions.defaults(1),
                Networks.labelHead());
        MutualInformationProbe probe = MutualInformationProbe.of(data, 0, 2, 10, 4, Augmentation.translation(1), 5, 7);
        double mi = probe.measure(net);
        assertThat(probe.measure(net)).isEqualTo(mi); // the copies are fixed
        // independent recomputation: same seed → same examples and copies; Y = z_0 − z_2 per copy
        MutualInformationProbe again = MutualInformationProbe.of(data, 0, 2, 10, 4, Augmentation.translation(1), 5, 7);
        assertThat(again.measure(net)).isEqualTo(mi);
        assertThat(mi).isBetween(0.0, Math.log(20) + 1e-12);
        assertThat(probe.examples()).isEqualTo(20);
        assertThat(probe.copies()).isEqualTo(4);
        assertThat(NetworkLogits.of(net, data.features(), 100).size(1)).isEqualTo(3);
    }

    @Test
    void recordsEveryNthIterationAndRejectsBadSettings() {
        LabeledImages data = images(60);
        MultiLayerNetwork net = Networks.build(NetSpec.parse("16-8-3"), 1, 4, 4, 3, NetworkOptions.defaults(1),
                Networks.labelHead());
        MutualInformationProbe probe = MutualInformationProbe.of(data, 0, 1, 10, 3, Augmentation.translation(1), 3, 7);
        for (int it = 0; it < 10; it++) {
            probe.iterationDone(net, it, 0);
        }
        assertThat(probe.points()).extracting(MutualInformationProbe.Point::iteration).containsExactly(0, 3, 6, 9);
        probe.restore(java.util.List.of(new MutualInformationProbe.Point(3, 0, 0.5)));
        assertThat(probe.points()).hasSize(4);
        assertThat(probe.points().get(1).mi()).isCloseTo(0.5, within(0.0));
        assertThatThrownBy(() -> MutualInformationProbe.of(data, 0, 0, 10, 3, Augmentation.translation(1), 3, 7))
                .hasMessageContaining("two different classes");
        assertThatThrownBy(() -> MutualInformationProbe.of(data, 0, 1, 10, 3, Augmentation.none(), 3, 7))
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> MutualInformationProbe.of(data, 0, 1, 100, 3, Augmentation.translation(1), 3, 7))
                .hasMessageContaining("100 needed");
    }
}
