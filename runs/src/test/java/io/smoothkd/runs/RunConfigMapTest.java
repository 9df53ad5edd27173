package io.smoothkd.runs;

import io.smoothkd.core.nets.LearningRateSchedule;
import io.smoothkd.core.nets.NetSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code RunConfig.fromMap} inverts {@code toMap}, also through JSON as provenance.json stores it. */
class RunConfigMapTest {
    static final List<RunConfig> CONFIGS = List.of(
            new RunConfig("mnist", NetSpec.parse("784-1200-1200-10"), 0.1, 40, 128, 1e-3, 0.95, 0.2, 0.5, 2, 5000,
                    5, 7, 0, 0),
            new RunConfig("fashion-mnist", NetSpec.parse("cnn"), 0.0, 12, 64, 3e-3, 1.0, 0.0, 0.25, 0, 500, 0,
                    123_456_789_012L, 3000, 1000, LearningRateSchedule.Kind.COSINE, 1.5, 3.0, 5e-4),
            new RunConfig("mnist", NetSpec.parse("784-64-10"), 0.0, 3, 128, 1e-3, 0.95, 0.0, 0.0, 1, 5000, 0, 2, 0, 0)
                    .withElastic(34, 4));

    @Test
    void toMapThenFromMapGivesTheSameConfig() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (RunConfig c : CONFIGS) {
            assertThat(RunConfig.fromMap(c.toMap())).isEqualTo(c);
            // as a provenance holds it: written as JSON, read back as plain maps and numbers
            @SuppressWarnings("unchecked")
            Map<String, Object> read = json.readValue(json.writeValueAsString(c.toMap()), Map.class);
            assertThat(RunConfig.fromMap(read)).isEqualTo(c);
        }
    }

    @Test
    void aConfigRecordedBeforeTheRecipeKeysMeansTheOriginalRecipe() {
        RunConfig original = CONFIGS.get(0);
        Map<String, Object> old = new LinkedHashMap<>(original.toMap());
        for (String k : new String[] {"lr_schedule", "warmup_epochs", "max_norm", "weight_decay"}) {
            old.remove(k);
        }
        assertThat(RunConfig.fromMap(old)).isEqualTo(original);
    }

    @Test
    void elasticDistortionIsRecordedOnlyWhenOnAndValidated() {
        assertThat(CONFIGS.get(0).toMap()).doesNotContainKeys("elastic_alpha", "elastic_sigma");
        assertThat(CONFIGS.get(2).toMap()).containsEntry("elastic_alpha", 34.0).containsEntry("elastic_sigma", 4.0);
        assertThat(CONFIGS.get(2).elasticAlpha()).isEqualTo(34.0);
        assertThat(Runs.augmentation(CONFIGS.get(2)).elasticSigma()).isEqualTo(4.0);
        assertThat(Runs.augmentation(CONFIGS.get(2)).maxShift()).isEqualTo(1);
        assertThat(Runs.augmentation(CONFIGS.get(0)).isIdentity()).isFalse();
        assertThat(Runs.augmentation(CONFIGS.get(1)).isIdentity()).isTrue();
        RunConfig base = CONFIGS.get(0);
        assertThatThrownBy(() -> base.withElastic(-1, 4)).hasMessageContaining("elasticAlpha");
        assertThatThrownBy(() -> base.withElastic(34, 0)).hasMessageContaining("elasticSigma");
        assertThatThrownBy(() -> base.withElastic(0, 4)).hasMessageContaining("elasticSigma");
        assertThatThrownBy(() -> base.withElastic(Double.NaN, 4)).hasMessageContaining("elasticAlpha");
    }

    @Test
    void aMissingOrMistypedKeyIsNamed() {
        Map<String, Object> m = new LinkedHashMap<>(CONFIGS.get(0).toMap());
        m.remove("batch_size");
        assertThatThrownBy(() -> RunConfig.fromMap(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run configuration: missing key 'batch_size'");
        m.put("batch_size", 12.5);
        assertThatThrownBy(() -> RunConfig.fromMap(m)).hasMessageContaining("'batch_size' must be an integer");
        m.put("batch_size", "128");
        assertThatThrownBy(() -> RunConfig.fromMap(m)).hasMessageContaining("'batch_size' must be a number");
    }
}
