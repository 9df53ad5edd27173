package io.smoothkd.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code smoothkd translation}: user mistakes are one line and exit code 2 (the training itself is tested elsewhere). */
class TranslationCliTest {
    @Test
    void badInputIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        CliTest.Result alpha = CliTest.run("translation", "--alpha", "0,1.5", "--out", dir.toString());
        assertThat(alpha.code()).isEqualTo(2);
        assertThat(alpha.err().strip().lines()).hasSize(1);
        assertThat(alpha.err()).contains("--alpha").contains("1.5");

        CliTest.Result noOut = CliTest.run("translation", "--quick");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");

        Path config = dir.resolve("no-translation.yaml");
        Files.writeString(config, "suite: paper\n");
        CliTest.Result missing = CliTest.run("translation", "--config", config.toString(), "--out", dir.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("no translation: block");

        Files.writeString(dir.resolve("translation-a0.0-s1.json"), "{}");
        CliTest.Result exists = CliTest.run("translation", "--quick", "--out", dir.toString());
        assertThat(exists.code()).isEqualTo(2);
        assertThat(exists.err()).contains("--force");
    }
}
