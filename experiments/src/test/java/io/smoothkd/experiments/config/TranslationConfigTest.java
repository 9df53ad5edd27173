package io.smoothkd.experiments.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TranslationConfigTest {
    @Test
    void theCommittedTranslationAndPaperConfigsHoldTheTranslationStudy() {
        for (String suite : List.of("translation", "paper")) {
            TranslationConfig full = ConfigLoader.builtIn(suite, false).translation();
            TranslationConfig quick = ConfigLoader.builtIn(suite, true).translation();
            assertThat(full.alphas()).containsExactly(0.0, 0.1);
            assertThat(full.beams()).containsExactly(1, 2, 4, 8);
            assertThat(quick.alphas()).isEqualTo(full.alphas());
            assertThat(quick.trainLimit()).isLessThan(full.trainLimit());
            assertThat(quick.maxChars()).isEqualTo(full.maxChars());
            assertThat(full.options().corpus().maxChars()).isEqualTo(full.maxChars());
        }
        assertThat(ConfigLoader.builtIn("mnist-distillation", false).translation()).isNull();
    }

    @Test
    void badTranslationKeysAndValuesNameTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "suite: translation\ntranslation: {beam: [1]}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).isInstanceOf(ConfigLoader.InvalidConfigException.class)
                .hasMessageContaining("unknown key 'translation.beam'").hasMessageContaining("beams");
        Files.writeString(f, "suite: translation\ntranslation: {alphas: [0, 1.0]}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).hasMessageContaining("translation.alphas");
        Files.writeString(f, "suite: translation\ntranslation: {hidden: 7}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).hasMessageContaining("translation.hidden");
        Files.writeString(f, "suite: translation\ntranslation: {beams: [0, 2]}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).hasMessageContaining("translation.beams");
    }
}
