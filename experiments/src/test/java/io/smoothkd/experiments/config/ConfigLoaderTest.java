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
                "teacher: {lr_schedule: cosine, warmup_epochs: 0.5, max_norm: 3.5, weight_decay: 0.01, epochs: 4,"
                        + " elastic: [34, 4]}",
                "student: {lr_schedule: constant}",
                ""));
        StudyConfig c = ConfigLoader.load(f, false);
        assertThat(c.teacher().lrSchedule()).isEqualTo("cosine");
        assertThat(c.teacher().warmupEpochs()).isEqualTo(0.5);
        assertThat(c.teacher().maxNorm()).isEqualTo(3.5);
        assertThat(c.teacher().weightDecay()).isEqualTo(0.01);
        assertThat(List.of(c.teacher().elasticAlpha(), c.teacher().elasticSigma())).containsExactly(34.0, 4.0);
        assertThat(TeacherConfig.defaults().elasticAlpha()).isZero();
        // study.json names elastic only when it is on (older studies stay the same study)
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.valueToTree(c.teacher()).get("elastic").toString()).isEqualTo("[34.0,4.0]");
        assertThat(json.valueToTree(TeacherConfig.defaults()).has("elastic")).isFalse();
        assertThat(c.student().lrSchedule()).isEqualTo("constant");
        assertThat(c.student().maxNorm()).isZero();
        // absent keys keep the original recipe: exponential decay, no max-norm, no weight decay
        StudentConfig d = StudentConfig.defaults();
        assertThat(List.of(d.lrSchedule(), d.warmupEpochs(), d.maxNorm(), d.weightDecay(), d.lrDecay()))
                .containsExactly("exponential", 0.0, 0.0, 0.0, 0.95);
        TeacherConfig t = TeacherConfig.defaults();
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
        // the measured MNIST teacher recipe (elastic distortion) with paper.yaml's ±1 px MI probe
        assertThat(List.of(full.studies().get(0).teacher().elasticAlpha(), full.studies().get(0).teacher().elasticSigma()))
                .containsExactly(34.0, 4.0);
        assertThat(full.studies().get(0).mutualInformation().shift()).isEqualTo(1);
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
                    TranslationConfig quickTranslation = ConfigLoader.load(f, true).translation();
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
            "elastic one number|suite: paper\\nteacher: {elastic: [34]}|teacher.elastic: expected [alpha, sigma]",
            "elastic sigma 0|suite: paper\\nteacher: {elastic: [34, 0]}|teacher.elastic sigma: 0.0 is outside (0.0, 64.0]",
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
            "bad indentation|suite: paper\\nteacher:\\n  epochs: 2\\n   net: x|indentation or a missing ':'",
            "unknown loss|suite: paper\\nstudent: {losses: [{name: kd}, {name: dkdd}]}|student.losses[1].name: unknown loss 'dkdd', expected one of kd, dkd, logit_std, dist",
            "loss without name|suite: paper\\nstudent: {losses: [{params: {beta: 2}}]}|student.losses[0].name: missing, expected one of kd, dkd",
            "unknown loss parameter|suite: paper\\nstudent: {losses: [{name: dkd, params: {gamma: 2}}]}|student.losses[0].params.gamma: unknown parameter of loss dkd, expected one of alpha, beta, ce_weight (the temperatures are student.losses[0].temperatures)",
            "loss parameter out of range|suite: paper\\nstudent: {losses: [{name: kd, params: {beta: 2}}]}|student.losses[0].params: beta must be in [0, 1], got 2.0",
            "loss parameter text|suite: paper\\nstudent: {losses: [{name: dkd, params: {beta: lots}}]}|'student.losses[0].params.beta': value lots is not a valid double",
            "temperature as a parameter|suite: paper\\nstudent: {losses: [{name: dkd, params: {temperature: 4}}]}|student.losses[0].params.temperature: the temperatures are a grid, expected them in student.losses[0].temperatures",
            "unknown loss key|suite: paper\\nstudent: {losses: [{name: dkd, kwargs: {beta: 2}}]}|unknown key 'student.losses[0].kwargs'; valid keys here: ls_teacher_temperatures, name, params, temperatures",
            "loss temperature zero|suite: paper\\nstudent: {losses: [{name: dkd, temperatures: [0]}]}|student.losses[0].temperatures: 0.0 is not > 0",
            "loss temperatures empty|suite: paper\\nstudent: {losses: [{name: dkd, temperatures: []}]}|student.losses[0].temperatures: empty, expected at least one temperature > 0",
            "losses empty|suite: paper\\nstudent: {losses: []}|student.losses: empty, expected at least one entry",
            "losses not a list|suite: paper\\nstudent: {losses: kd}|'student.losses': expected a list [..], got the text 'kd'",
            "loss twice|suite: paper\\nstudent: {losses: [{name: dkd}, {name: dkd, params: {beta: 8}}]}|student.losses[1]: runs dkd with the same parameters",
            "kd twice|suite: paper\\nstudent: {betas: [0.6, 1], losses: [{name: kd}, {name: kd, params: {beta: 1}}]}|student.losses[1]: runs kd with the same parameters"})
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
    void lossesAreReadWithTheirParametersAndTemperatures(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, String.join("\n",
                "suite: paper",
                "student:",
                "  temperatures: [2, 4]",
                "  losses:",
                "    - name: kd",
                "    - name: dkd",
                "      params: {alpha: 1, beta: 8}",
                "      temperatures: [1, 4]",
                "quick:",
                "  student: {losses: [{name: logit_std, ls_teacher_temperatures: [3]}]}",
                ""));
        StudentConfig s = ConfigLoader.load(f, false).student();
        assertThat(s.distillationLosses()).extracting(StudentLoss::name).containsExactly("kd", "dkd");
        StudentLoss dkd = s.distillationLosses().get(1);
        assertThat(dkd.params()).containsExactly(java.util.Map.entry("alpha", 1.0), java.util.Map.entry("beta", 8.0));
        assertThat(dkd.hardTeacherTemperatures(s)).containsExactly(1.0, 4.0);
        assertThat(dkd.lsTeacherTemperatures(s)).containsExactly(1.0, 4.0);
        assertThat(dkd.variants(s)).containsExactly(java.util.Map.of("alpha", 1.0, "beta", 8.0, "ce_weight", 1.0));
        StudentLoss kd = s.distillationLosses().get(0);
        assertThat(kd.hardTeacherTemperatures(s)).containsExactly(2.0, 4.0);
        assertThat(kd.variants(s)).containsExactly(java.util.Map.of("beta", 0.6, "t_squared", 0.0));
        // the quick: block replaces the list
        StudentConfig q = ConfigLoader.load(f, true).student();
        assertThat(q.distillationLosses()).extracting(StudentLoss::name).containsExactly("logit_std");
        assertThat(q.distillationLosses().get(0).hardTeacherTemperatures(q)).containsExactly(2.0, 4.0);
        assertThat(q.distillationLosses().get(0).lsTeacherTemperatures(q)).containsExactly(3.0);
        // without the key: kd alone, and the study's JSON has no losses key (as before the key existed)
        StudentConfig plain = StudentConfig.defaults();
        assertThat(plain.losses()).isNull();
        assertThat(plain.distillationLosses()).containsExactly(StudentLoss.kd());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(plain)).doesNotContain("losses");
        // an entry is written into study.json as it was given
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(dkd)).isEqualTo(
                "{\"name\":\"dkd\",\"params\":{\"alpha\":1.0,\"beta\":8.0},\"temperatures\":[1.0,4.0],"
                        + "\"lsTeacherTemperatures\":null}");
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), false)).hasMessageContaining("not found");
        assertThatThrownBy(() -> ConfigLoader.load(dir, false)).hasMessageContaining("is a directory");
    }
}
