package io.smoothkd.student;

import io.smoothkd.core.loss.DecoupledKnowledgeDistillationLoss;
import io.smoothkd.core.loss.DistillationLoss;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A distillation spec: a teacher folder and a loss by name, validated once with its complete parameters. */
class DistillationTest {
    static final Path TEACHER = Path.of("runs/teacher");

    @Test
    void thePapersFormIsKdWithItsThreeParameters() {
        Distillation d = new Distillation(TEACHER, 2, 0.5, true);
        assertThat(d).isEqualTo(new Distillation(TEACHER, "kd", Map.of("temperature", 2.0, "beta", 0.5,
                "t_squared", 1.0)));
        assertThat(d.lossFunction()).isEqualTo(new DistillationLoss(2, 0.5, true));
        assertThat(d.temperature()).isEqualTo(2.0);
        assertThat(d.label()).isEqualTo("T=2.0 β=0.5");
        assertThat(d.toMap()).containsExactly(Map.entry("teacher", TEACHER.toString()), Map.entry("loss", "kd"),
                Map.entry("params", Map.of("temperature", 2.0, "beta", 0.5, "t_squared", 1.0)),
                Map.entry("temperature", 2.0), Map.entry("beta", 0.5),
                Map.entry("scale_by_temperature_squared", true));
    }

    @Test
    void aLossByNameTakesItsDefaultsForTheKeysLeftOut() {
        Distillation d = new Distillation(TEACHER, "dkd", Map.of("beta", 2.0));
        assertThat(d.params()).containsExactly(Map.entry("temperature", 4.0), Map.entry("alpha", 1.0),
                Map.entry("beta", 2.0), Map.entry("ce_weight", 1.0));
        assertThat(d.lossFunction()).isEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 2, 1));
        assertThat(d.label()).isEqualTo("dkd temperature=4.0 alpha=1.0 beta=2.0 ce_weight=1.0");
        assertThat(d.toMap()).containsOnlyKeys("teacher", "loss", "params");
        assertThat(new Distillation(TEACHER, "logit_std", null).temperature()).isEqualTo(2.0);
    }

    @Test
    void badSpecsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> new Distillation(null, "kd", Map.of())).hasMessageContaining("teacher");
        assertThatThrownBy(() -> new Distillation(TEACHER, "ckd", Map.of())).hasMessageContaining("valid losses: kd");
        assertThatThrownBy(() -> new Distillation(TEACHER, "dkd", Map.of("gamma", 1.0)))
                .hasMessageContaining("valid parameters: temperature, alpha, beta, ce_weight");
        assertThatThrownBy(() -> new Distillation(TEACHER, 0, 0.5, false)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new Distillation(TEACHER, 4, 1.5, false)).hasMessageContaining("beta");
    }
}
