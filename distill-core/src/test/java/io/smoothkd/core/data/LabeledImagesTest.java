package io.smoothkd.core.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabeledImagesTest {
    static LabeledImages rowsNumbered(int n, int classes) {
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = i + j / 10f;
            }
            y[i] = i % classes;
        }
        return new LabeledImages("numbered", Nd4j.create(x, new long[] {n, 4}, DataType.FLOAT), y, classes, 1, 2, 2);
    }

    @Test
    void subsetKeepsRowsAndLabelsTogetherInIndexOrder() {
        LabeledImages all = rowsNumbered(10, 3);
        LabeledImages sub = all.subset(new int[] {7, 2, 7});
        assertThat(sub.labels()).containsExactly(1, 2, 1);
        assertThat(sub.features().getFloat(0, 0)).isEqualTo(7f);
        assertThat(sub.features().getFloat(1, 3)).isEqualTo(2.3f);
        assertThat(sub.features().getFloat(2, 1)).isEqualTo(7.1f);
        assertThatThrownBy(() -> all.subset(new int[] {10})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 10");
    }

    @Test
    void constructorRejectsInconsistentParts() {
        var x = Nd4j.zeros(DataType.FLOAT, 2, 4);
        assertThatThrownBy(() -> new LabeledImages("a", x, new int[] {0, 1, 2}, 3, 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]");
        assertThatThrownBy(() -> new LabeledImages("a", x, new int[] {0, 1}, 3, 1, 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 6]");
        assertThatThrownBy(() -> new LabeledImages("a", x, new int[] {0, 3}, 3, 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3");
        assertThatThrownBy(() -> new LabeledImages("a", x.castTo(DataType.DOUBLE), new int[] {0, 1}, 3, 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
    }
}
