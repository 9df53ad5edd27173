package io.smoothkd.core.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationSplitTest {
    @Test
    void sameSeedSameSplitAndPartsAreDisjointAndComplete() {
        LabeledImages all = LabeledImagesTest.rowsNumbered(100, 10);
        ValidationSplit a = ValidationSplit.of(all, 20, 7);
        ValidationSplit b = ValidationSplit.of(all, 20, 7);
        assertThat(a.validationIndices()).containsExactly(b.validationIndices());
        assertThat(a.trainIndices()).containsExactly(b.trainIndices());
        assertThat(a.validation().size()).isEqualTo(20);
        assertThat(a.train().size()).isEqualTo(80);
        int[] union = IntStream.concat(Arrays.stream(a.trainIndices()), Arrays.stream(a.validationIndices()))
                .sorted().toArray();
        assertThat(union).containsExactly(IntStream.range(0, 100).toArray());
        assertThat(ValidationSplit.of(all, 20, 8).validationIndices()).isNotEqualTo(a.validationIndices());
    }

    @Test
    void rowsAndLabelsFollowTheIndices() {
        LabeledImages all = LabeledImagesTest.rowsNumbered(30, 4);
        ValidationSplit s = ValidationSplit.of(all, 5, 1);
        for (int j = 0; j < 5; j++) {
            int i = s.validationIndices()[j];
            assertThat(s.validation().features().getFloat(j, 0)).isEqualTo((float) i);
            assertThat(s.validation().labels()[j]).isEqualTo(i % 4);
        }
        assertThat(s.validation().name()).isEqualTo("numbered[validation]");
    }

    @Test
    void sizeMustLeaveBothPartsNonEmpty() {
        LabeledImages all = LabeledImagesTest.rowsNumbered(10, 2);
        assertThatThrownBy(() -> ValidationSplit.of(all, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 9]");
        assertThatThrownBy(() -> ValidationSplit.of(all, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
