package io.smoothkd.core.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loss registry ({@code DistillationLosses.create}, {@code names}): names, defaults, parameters and errors. */
class DistillationLossesTest {

    @Test
    void namesListsTheRegisteredLossesKdFirst() {
        assertThat(DistillationLosses.names()).containsExactly("kd", "dkd", "logit_std", "dist");
    }

    @Test
    void kdIsExactlyDistillationLoss() {
        assertThat(DistillationLosses.create("kd", Map.of())).isEqualTo(new DistillationLoss(4, 0.6, false));
        assertThat(DistillationLosses.create("kd", Map.of("temperature", 2.0, "beta", 0.3, "t_squared", 1.0)))
                .isEqualTo(new DistillationLoss(2, 0.3, true));
        assertThat(DistillationLosses.create("kd", Map.of("t_squared", 0.0))).isEqualTo(new DistillationLoss(4, 0.6));
        assertThatThrownBy(() -> DistillationLosses.create("kd", Map.of("t_squared", 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t_squared must be 0 or 1");
    }

    @Test
    void omittedParametersTakeTheDocumentedDefaults() {
        assertThat(DistillationLosses.create("dkd", Map.of()))
                .isEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1));
        assertThat(DistillationLosses.create("dkd", Map.of("beta", 2.0)))
                .isEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 2, 1));
        assertThat(DistillationLosses.create("logit_std", Map.of()))
                .isEqualTo(new LogitStandardizationLoss(2, 0.1, 9));
        assertThat(DistillationLosses.create("logit_std", Map.of("temperature", 3.0, "kd_weight", 1.0)))
                .isEqualTo(new LogitStandardizationLoss(3, 0.1, 1));
        assertThat(DistillationLosses.create("dist", Map.of())).isEqualTo(new DistCorrelationLoss(4, 2, 2, 1));
        assertThat(DistillationLosses.defaults("dkd")).containsExactly(Map.entry("temperature", 4.0),
                Map.entry("alpha", 1.0), Map.entry("beta", 8.0), Map.entry("ce_weight", 1.0));
        assertThat(DistillationLosses.defaults("kd").keySet()).containsExactly("temperature", "beta", "t_squared");
        assertThat(DistillationLosses.defaults("logit_std").keySet())
                .containsExactly("temperature", "ce_weight", "kd_weight");
        assertThat(DistillationLosses.defaults("dist").keySet())
                .containsExactly("temperature", "beta", "gamma", "ce_weight");
    }

    @Test
    void resolveGivesTheCompleteParametersInTheDefaultsOrder() {
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("ce_weight", 0.5);
        given.put("temperature", 1.0);
        assertThat(DistillationLosses.resolve("dkd", given)).containsExactly(Map.entry("temperature", 1.0),
                Map.entry("alpha", 1.0), Map.entry("beta", 8.0), Map.entry("ce_weight", 0.5));
        ILossFunction again = DistillationLosses.create("dkd", DistillationLosses.resolve("dkd", given));
        assertThat(again).isEqualTo(DistillationLosses.create("dkd", given));
    }

    @Test
    void anUnknownNameOrKeyNamesTheValidOnes() {
        assertThatThrownBy(() -> DistillationLosses.create("ckd", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown distillation loss 'ckd'; valid losses: kd, dkd, logit_std, dist");
        assertThatThrownBy(() -> DistillationLosses.create(null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid losses: kd, dkd");
        assertThatThrownBy(() -> DistillationLosses.create("dkd", Map.of("gamma", 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown parameter 'gamma' for loss dkd; valid parameters: temperature, alpha, beta,"
                        + " ce_weight");
        assertThatThrownBy(() -> DistillationLosses.defaults("nope")).hasMessageContaining("valid losses");
        Map<String, Double> nullValue = new LinkedHashMap<>();
        nullValue.put("beta", null);
        assertThatThrownBy(() -> DistillationLosses.create("kd", nullValue)).hasMessageContaining("'beta'");
    }

    @Test
    void aValueOutOfRangeNamesTheParameter() {
        assertThatThrownBy(() -> DistillationLosses.create("kd", Map.of("beta", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta must be in [0, 1]");
        assertThatThrownBy(() -> DistillationLosses.create("dkd", Map.of("temperature", 0.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature must be > 0");
        assertThatThrownBy(() -> DistillationLosses.resolve("logit_std", Map.of("kd_weight", -1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kd_weight must be >= 0");
        assertThatThrownBy(() -> DistillationLosses.create("dist", Map.of("gamma", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma");
    }

    @Test
    void returnedMapsCannotBeChanged() {
        assertThatThrownBy(() -> DistillationLosses.defaults("kd").put("beta", 0.1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> DistillationLosses.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> DistillationLosses.resolve("kd", Map.of()).put("beta", 0.1))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
