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
            StudyConfig full = ConfigLoader.builtIn(suite, false).studies().get(0);
            StudyConfig quick = ConfigLoader.builtIn(suite, true).studies().get(0);
            assertThat(full.data()).isEqualTo("mnist");
            assertThat(full.trainLimit()).isZero();
            assertThat(quick.trainLimit()).isEqualTo(10000);
            // a nested override keeps the section's other keys
            assertThat(quick.teacher().net()).isEqualTo(full.teacher().net());
            assertThat(quick.teacher().alphas()).isEqualTo(full.teacher().alphas());
        }
    }

    @Test
    void partsInheritTheTopLevelKeysAndTakeQuickBlocksInOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, String.join("\n",
                "suite: paper",
                "seeds: 2",
                "validation_size: 1000",
                "teacher: {net: 784-50-10, alphas: [0.0, 0.1], epochs: 9, dropout: 0.5}",
                "quick: {train_limit: 500, teacher: {epochs: 2}}",
                "parts:",
                "  - data: mnist",
                "  - data: fashion-mnist",
                "    teacher: {net: cnn, epochs: 7}",
                "    quick: {teacher: {epochs: 1}, test_limit: 100}",
                ""));
        StudyConfig full = ConfigLoader.load(f, false);
        assertThat(full.studies()).extracting(StudyConfig::data).containsExactly("mnist", "fashion-mnist");
        StudyConfig mnist = full.studies().get(0);
        StudyConfig fashion = full.studies().get(1);
        assertThat(mnist.seeds()).isEqualTo(2);
        assertThat(mnist.validationSize()).isEqualTo(1000);
        assertThat(mnist.teacher().net()).isEqualTo("784-50-10");
        assertThat(mnist.teacher().epochs()).isEqualTo(9);
        assertThat(fashion.teacher().net()).isEqualTo("cnn");
        assertThat(fashion.teacher().epochs()).isEqualTo(7);
        assertThat(fashion.teacher().alphas()).containsExactly(0.0, 0.1);   // inherited inside the section
        assertThat(fashion.teacher().dropout()).isEqualTo(0.5);
        assertThat(fashion.trainLimit()).isZero();

        StudyConfig quick = ConfigLoader.load(f, true);
        assertThat(quick.studies().get(0).teacher().epochs()).isEqualTo(2);  // top-level quick
        assertThat(quick.studies().get(0).trainLimit()).isEqualTo(500);
        assertThat(quick.studies().get(0).testLimit()).isZero();
        assertThat(quick.studies().get(1).teacher().epochs()).isEqualTo(1);  // the part's quick wins
        assertThat(quick.studies().get(1).trainLimit()).isEqualTo(500);
        assertThat(quick.studies().get(1).testLimit()).isEqualTo(100);
        assertThat(quick.studies().get(1).teacher().net()).isEqualTo("cnn");

        StudyConfig three = full.withSeeds(3);
        assertThat(three.studies()).allSatisfy(p -> assertThat(p.seeds()).isEqualTo(3));
    }

    @Test
    void trainingRecipeKeysReachTheCellsConfigurations(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, String.join("\n",
                "suite: paper",
                "teacher: {lr_schedule: cosine, warmup_epochs: 0.5, max_norm: 3.5, weight_decay: 0.01, epochs: 4}",
                "student: {lr_schedule: constant}",
                ""));
        StudyConfig c = ConfigLoader.load(f, false);
        assertThat(c.teacher().lrSchedule()).isEqualTo("cosine");
        assertThat(c.teacher().warmupEpochs()).isEqualTo(0.5);
        assertThat(c.teacher().maxNorm()).isEqualTo(3.5);
        assertThat(c.teacher().weightDecay()).isEqualTo(0.01);
        assertThat(c.student().lrSchedule()).isEqualTo("constant");
        assertThat(c.student().maxNorm()).isZero();
        // absent keys keep the original recipe: exponential decay, no max-norm, no weight decay
        StudentSection d = StudentSection.defaults();
        assertThat(List.of(d.lrSchedule(), d.warmupEpochs(), d.maxNorm(), d.weightDecay(), d.lrDecay()))
                .containsExactly("exponential", 0.0, 0.0, 0.0, 0.95);
        TeacherSection t = TeacherSection.defaults();
        assertThat(List.of(t.lrSchedule(), t.warmupEpochs(), t.maxNorm(), t.weightDecay(), t.lrDecay()))
                .containsExactly("exponential", 0.0, 0.0, 0.0, 0.95);
    }

    @Test
    void aStudyWithoutPartsIsItsOwnOnlyStudy() {
        StudyConfig c = ConfigLoader.builtIn("mnist-distillation", false);
        assertThat(c.parts()).isEmpty();
        assertThat(c.studies()).containsExactly(c);
        assertThat(c.similarPair()).isEqualTo("auto");
    }

    @Test
    void theClusterConfigsLoad() {
        StudyConfig full = ConfigLoader.load(Path.of("..", "cluster", "paper-full.yaml"), false);
        assertThat(full.suite()).isEqualTo("paper");
        assertThat(full.studies()).hasSize(2).allSatisfy(p -> assertThat(p.seeds()).isEqualTo(5));
        assertThat(full.studies().get(1).teacher().alphas()).contains(0.0, 0.15, 0.3, 0.45, 0.6, 0.75);
        assertThat(full.studies().get(1).student().temperatures()).containsExactly(1.0, 2.0, 3.0, 4.0, 8.0, 12.0, 16.0);
        StudyConfig tiny = ConfigLoader.load(Path.of("..", "cluster", "test", "tiny.yaml"), false);
        assertThat(tiny.studies()).isNotEmpty();
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
                StudyConfig fullStudy = ConfigLoader.load(f, false);
                assertThat(fullStudy.suite()).as(f.toString()).isEqualTo(name);
                assertThat(suites).as(f.toString()).containsKey(name);
                if (fullStudy.translation() != null && suites.get(name).cells(fullStudy).isEmpty()) {
                    // a translation-only study: its cells come from the translation: block
                    TranslationSection quickTranslation = ConfigLoader.load(f, true).translation();
                    assertThat(quickTranslation.trainLimit()).as(f.toString())
                            .isLessThan(fullStudy.translation().trainLimit());
                    continue;
                }
                for (int p = 0; p < fullStudy.studies().size(); p++) {
                    StudyConfig full = fullStudy.studies().get(p);
                    StudyConfig quick = ConfigLoader.load(f, true).studies().get(p);
                    assertThat(quick.teacher().epochs()).as(f.toString()).isLessThan(full.teacher().epochs());
                    assertThat(suites.get(name).cells(quick)).as(f.toString()).isNotEmpty();
                    assertThat(suites.get(name).cells(quick).size())
                            .isLessThanOrEqualTo(suites.get(name).cells(full).size());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top key|suite: paper\\nfoo: 1|unknown key 'foo'; valid keys here: data, mutual_information, parts, projections, seeds, similar_pair",
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
            "broken yaml|suite: [paper|not valid YAML at line",
            "parts not a list|suite: paper\\nparts: 3|parts: expected a list of mappings",
            "part not a mapping|suite: paper\\nparts: [3]|parts[0]: expected a mapping",
            "two parts one data set|suite: paper\\nparts: [{data: mnist}, {data: mnist}]|two parts use data 'mnist'",
            "unknown key in a part|suite: paper\\nparts: [{data: mnist, teacher: {alpas: [0.1]}}]|unknown key 'parts[0].teacher.alpas'",
            "nested parts|suite: paper\\nparts: [{parts: [{data: mnist}]}]|parts[0]: a part cannot have parts",
            "quick overrides parts|suite: paper\\nparts: [{data: mnist}]\\nquick: {parts: []}|quick: cannot override parts",
            "bad similar pair|suite: paper\\nsimilar_pair: maybe|similar_pair: unknown value 'maybe'",
            "mi shift negative|suite: paper\\nmutual_information: {shift: -1}|mutual_information.shift: -1 must be >= 0",
            "mi noise negative|suite: paper\\nmutual_information: {noise: -0.1}|mutual_information.noise: expected a finite standard deviation >= 0, got -0.1",
            "mi copies identical|suite: paper\\nmutual_information: {shift: 0}|mutual_information.shift: 0 with noise 0 makes every copy the same",
            "unknown schedule|suite: paper\\nteacher: {lr_schedule: onecycle}|teacher.lr_schedule: unknown learning-rate schedule 'onecycle', expected one of constant, exponential, cosine",
            "lr_decay with cosine|suite: paper\\nstudent: {lr_schedule: cosine, lr_decay: 0.9}|student.lr_decay: applies to lr_schedule: exponential only, not cosine",
            "warm-up as long as training|suite: paper\\nteacher: {lr_schedule: cosine, epochs: 3, warmup_epochs: 3}|teacher.warmup_epochs: 3.0 is outside [0.0, 3.0)",
            "warm-up negative|suite: paper\\nteacher: {lr_schedule: cosine, warmup_epochs: -1}|teacher.warmup_epochs: -1.0 is outside",
            "warm-up without cosine|suite: paper\\nstudent: {warmup_epochs: 1}|student.warmup_epochs: applies to lr_schedule: cosine only, not exponential",
            "max-norm negative|suite: paper\\nteacher: {max_norm: -2}|teacher.max_norm: -2.0 must be > 0, or 0 for none",
            "weight decay 1|suite: paper\\nstudent: {weight_decay: 1}|student.weight_decay: 1.0 is outside [0.0, 1.0)",
            "weight decay text|suite: paper\\nteacher: {weight_decay: lots}|'teacher.weight_decay': value lots is not a valid double",
            "sensitivity probe without a difference|suite: paper\\nmutual_information: {sensitivity: {shift: 0, noise: 0}}|mutual_information.sensitivity: shift 0 with noise 0 makes every copy the same",
            "sensitivity probe typo|suite: paper\\nmutual_information: {sensitivity: {shif: 1, noise: 0.1}}|unknown key 'mutual_information.sensitivity.shif'; valid keys here: noise, shift",
            "duplicate key|suite: paper\\nteacher:\\n  epochs: 2\\n  epochs: 3|key 'teacher.epochs' is given twice at line 4",
            "duplicate top key|suite: paper\\nseeds: 1\\nseeds: 5|key 'seeds' is given twice",
            "typo inside quick|suite: paper\\nquick:\\n  teacher: {epoch: 1}|unknown key 'teacher.epoch'; valid keys here: alphas",
            "bad value inside quick|suite: paper\\nquick: {seeds: 0}|seeds: 0 must be >= 1 (in the quick: overrides",
            "typo in a part's quick|suite: paper\\nparts: [{data: mnist, quick: {studnet: {}}}]|unknown key 'parts[0].studnet'",
            "section given a number|suite: paper\\nteacher: 5|'teacher': expected a mapping of keys (key: value lines), got the integer 5",
            "integer given a list|suite: paper\\nseeds: [1, 2]|'seeds': expected an integer, got a list",
            "list given a number|suite: paper\\nteacher: {alphas: 0.1}|'teacher.alphas': expected a list [..], got the number 0.1",
            "merge key|suite: paper\\nteacher:\\n  <<: {epochs: 2}|'teacher.<<': YAML merge keys (<<: *name) are not supported",
            "bad indentation|suite: paper\\nteacher:\\n  epochs: 2\\n   net: x|indentation or a missing ':'"})
    void badConfigsAreOneLineErrorsNamingTheKey(String name, String yaml, String expected, @TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> ConfigLoader.load(f, false)).isInstanceOf(ConfigLoader.InvalidConfigException.class)
                .hasMessageContaining(expected).hasMessageStartingWith("config " + f)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("`", "JsonToken", "java.", "Creator"));
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), false)).hasMessageContaining("not found");
        assertThatThrownBy(() -> ConfigLoader.load(dir, false)).hasMessageContaining("is a directory");
    }
}
