package io.smoothkd.experiments.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void committedConfigsLoadAndQuickOverridesMerge() {
        for (String suite : List.of("paper", "mnist-distillation")) {
            StudyConfig full = ConfigLoader.builtIn(suite, false);
            StudyConfig quick = ConfigLoader.builtIn(suite, true);
            assertThat(full.trainLimit()).isZero();
            assertThat(quick.trainLimit()).isEqualTo(10000);
            // a nested override keeps the section's other keys
            assertThat(quick.teacher().net()).isEqualTo(full.teacher().net());
            assertThat(quick.teacher().alphas()).isEqualTo(full.teacher().alphas());
        }
    }

    @Test
    void everyCommittedConfigNamesARegisteredSuiteAndHasAQuickForm() throws Exception {
        var suites = io.smoothkd.experiments.engine.EngineModule.injector()
                .getInstance(io.smoothkd.experiments.engine.SuiteRunner.class).suites();
        try (var files = Files.list(Path.of("..", "configs"))) {
            List<Path> configs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(configs).hasSizeGreaterThanOrEqualTo(5);
            for (Path f : configs) {
                String name = f.getFileName().toString().replace(".yaml", "");
                StudyConfig full = ConfigLoader.load(f, false);
                StudyConfig quick = ConfigLoader.load(f, true);
                assertThat(full.suite()).as(f.toString()).isEqualTo(name);
                assertThat(suites).as(f.toString()).containsKey(name);
                assertThat(quick.teacher().epochs()).as(f.toString()).isLessThan(full.teacher().epochs());
                assertThat(suites.get(name).cells(quick)).as(f.toString()).isNotEmpty();
                assertThat(suites.get(name).cells(quick).size()).isLessThanOrEqualTo(suites.get(name).cells(full).size());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top key|suite: paper\\nfoo: 1|unknown key 'foo'; valid keys here: data, mutual_information, projections, seeds",
            "unknown nested key|suite: paper\\nteacher:\\n  alpas: [0.1]|unknown key 'teacher.alpas'; valid keys here: alphas",
            "alpha out of range|suite: paper\\nteacher:\\n  alphas: [0.0, 1.0]|teacher.alphas: 1.0 is outside [0.0, 1.0)",
            "beta out of range|suite: paper\\nstudent:\\n  betas: [1.5]|student.betas: 1.5 is outside [0.0, 1.0]",
            "temperature zero|suite: paper\\nstudent:\\n  temperatures: [0]|student.temperatures: 0.0 is not > 0",
            "bad net|suite: paper\\nstudent:\\n  net: 784-x-10|student.net: malformed net",
            "seeds zero|suite: paper\\nseeds: 0|seeds: 0 must be >= 1",
            "seeds text|suite: paper\\nseeds: two|'seeds': value two is not a valid integer",
            "unknown data|suite: paper\\ndata: cifar-11|data: unknown data set 'cifar-11'",
            "no suite|data: mnist|suite: missing",
            "not a mapping|- a\\n- b|expected a YAML mapping",
            "broken yaml|suite: [paper|not valid YAML at line"})
    void badConfigsAreOneLineErrorsNamingTheKey(String name, String yaml, String expected, @TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).isInstanceOf(ConfigLoader.InvalidConfigException.class)
                .hasMessageContaining(expected).hasMessageStartingWith("config " + f)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), false)).hasMessageContaining("not found");
        assertThatThrownBy(() -> ConfigLoader.load(dir, false)).hasMessageContaining("is a directory");
    }
}
