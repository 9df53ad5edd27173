package io.smoothkd.experiments.engine;

import io.smoothkd.runs.Shard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The translation suite end to end on the real dictionary (a tiny model): cells, run folders, report, claim row. */
class TranslationStudyTest {
    @Test
    void aTinyTranslationStudyWritesCellsAndTheReportSection(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, """
                suite: translation
                translation:
                  alphas: [0.0, 0.1]
                  validation: 20
                  test: 20
                  train_limit: 150
                  hidden: 8
                  embedding: 8
                  epochs: 1
                  batch: 32
                  beams: [1, 2]
                  max_length: 12
                """);
        StudyConfig study = ConfigLoader.load(f, false);
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        assertThat(runner.plan(study).keySet()).containsExactly("translation-freedict-eng-deu-a0-s1",
                "translation-freedict-eng-deu-a0.1-s1");
        Path out = dir.resolve("out");
        SuiteRunner.Summary s = runner.run(study, out, Shard.ALL, false, false);
        assertThat(s.complete()).isTrue();
        JsonNode cell = new ObjectMapper().readTree(out.resolve("cells/translation-freedict-eng-deu-a0.1-s1.json")
                .toFile());
        assertThat(cell.path("kind").asText()).isEqualTo("translation");
        assertThat(cell.path("family").asText()).isEqualTo("ls");
        assertThat(cell.path("dataset").asText()).isEqualTo("freedict-eng-deu");
        JsonNode m = cell.path("metrics");
        assertThat(m.path("temperature").asDouble()).isPositive();
        for (String setting : List.of("raw", "scaled")) {
            assertThat(m.path(setting).path("ece").asDouble()).isBetween(0.0, 1.0);
            assertThat(m.path(setting).path("nll").asDouble()).isPositive();
            assertThat(m.path(setting).path("decoding")).hasSize(2);
            assertThat(m.path(setting).path("decoding").path(1).path("beam").asInt()).isEqualTo(2);
            assertThat(m.path(setting).path("decoding").path(0).path("chrf").asDouble()).isBetween(0.0, 100.0);
        }
        // TS fitted on validation does not change greedy decoding
        assertThat(m.path("scaled").path("decoding").path(0).path("bleu").asDouble())
                .isEqualTo(m.path("raw").path("decoding").path(0).path("bleu").asDouble());
        assertThat(m.path("data").path("sha256").size()).isEqualTo(2);
        assertThat(out.resolve("runs/translation-freedict-eng-deu-a0.1-s1/metrics.json")).exists();

        // a second run with --resume skips both cells
        SuiteRunner.Summary again = runner.run(study, out, Shard.ALL, true, false);
        assertThat(again.skipped()).isEqualTo(2);

        Path md = ReportWriter.write(out);
        String report = Files.readString(md);
        assertThat(report).contains("Translation: calibration and beam search").contains("hard + TS")
                .contains("LS α = 0.1 + TS").contains("6. LS improves beam-search quality; TS on top of LS hurts");
        assertThat(out.resolve("plots/translation-bleu-by-beam.png")).exists();
    }
}
