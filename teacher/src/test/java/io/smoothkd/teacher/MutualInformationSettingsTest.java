package io.smoothkd.teacher;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.core.training.RunConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MutualInformationSettingsTest {
    private static RunConfig withJitter(int jitter) {
        RunConfig c = TeacherTrainerTest.CONFIG;
        return new RunConfig(c.dataset(), c.net(), c.alpha(), c.epochs(), c.batchSize(), c.learningRate(),
                c.learningRateDecay(), c.inputDropout(), c.hiddenDropout(), jitter, c.validationSize(), c.patience(),
                c.seed(), c.trainLimit(), c.testLimit());
    }

    @Test
    void defaultCopiesFollowTheTeachersJitterOrTwoPixels() {
        MutualInformationSettings s = new MutualInformationSettings(0, 1, 300, 5, 200);
        Augmentation jittered = s.augmentation(withJitter(3));
        assertThat(jittered.maxShift()).isEqualTo(3);
        assertThat(jittered.noiseStd()).isZero();
        Augmentation plain = s.augmentation(withJitter(0));
        assertThat(plain.maxShift()).isEqualTo(2);
        assertThat(s.toMap(withJitter(0))).containsEntry("shift", 2).containsEntry("noise", 0.0);
    }

    @Test
    void explicitShiftAndNoiseReplaceTheTeachersAugmentation() {
        MutualInformationSettings s = new MutualInformationSettings(4, 9, 300, 5, 50, 0, 0.1);
        Augmentation a = s.augmentation(withJitter(2));
        assertThat(a.maxShift()).isZero();
        assertThat(a.noiseStd()).isEqualTo(0.1);
        assertThat(a.clipNoise()).isTrue();
        assertThat(a.isIdentity()).isFalse();
        assertThat(s.toMap(withJitter(2))).containsEntry("shift", 0).containsEntry("noise", 0.1)
                .containsEntry("every", 50);
    }

    @Test
    void copiesThatCannotDifferAreRejected() {
        assertThatThrownBy(() -> new MutualInformationSettings(0, 1, 300, 5, 200, 0, 0.0))
                .hasMessageContaining("copies that differ");
        assertThatThrownBy(() -> new MutualInformationSettings(0, 1, 300, 5, 200, -1, 0.0))
                .hasMessageContaining("shift >= 0");
        assertThatThrownBy(() -> new MutualInformationSettings(0, 1, 300, 5, 200, null, Double.NaN))
                .hasMessageContaining("finite noise");
    }
}
