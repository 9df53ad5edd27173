package io.smoothkd.teacher;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.runs.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    @Test
    @SuppressWarnings("unchecked")
    void aTeacherTrainedWithTheCurveRecordsItsProbe(@TempDir Path dir) throws Exception {
        RunConfig c = TeacherTrainerTest.CONFIG;
        RunConfig small = new RunConfig(c.dataset(), c.net(), c.alpha(), 1, c.batchSize(), c.learningRate(),
                c.learningRateDecay(), c.inputDropout(), c.hiddenDropout(), 1, c.validationSize(), c.patience(),
                c.seed(), 2000, 500);
        MutualInformationSettings mi = new MutualInformationSettings(0, 1, 20, 3, 5, 0, 0.2);
        Map<String, Object> m = new TeacherTrainer(DatasetRepository.atDefaultLocation())
                .train(small, dir.resolve("t"), false, false, java.util.Optional.of(mi)).metrics();
        Map<String, Object> curve = (Map<String, Object>) m.get("mutual_information");
        assertThat(curve).containsEntry("shift", 0).containsEntry("noise", 0.2).containsEntry("every", 5)
                .containsEntry("n", 40).containsEntry("l", 3);
        // at least 1000 training examples, batch 64: 16 or more iterations, measured every 5
        assertThat((List<Object>) curve.get("points")).hasSizeGreaterThanOrEqualTo(3);
        assertThat((double) curve.get("final_mi")).isBetween(0.0, Math.log(40));
    }
}
