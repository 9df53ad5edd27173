package io.smoothkd.experiments.engine;

import io.smoothkd.runs.Shard;
import io.smoothkd.teacher.TeacherAnalysis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One study over two data sets (parts), on real MNIST and Fashion-MNIST, and the automatic similar pair. */
class PartsStudyTest {

    @Test
    void similarPairIsTheMostConfusedPairAndTheThirdTheLeastConfusedWithEither() {
        long[][] m = new long[4][4];
        m[0][0] = 50;
        m[1][1] = 40;
        m[2][2] = 45;
        m[3][3] = 30;
        m[1][3] = 4;   // 1↔3: 4 + 3 = 7 errors, the most
        m[3][1] = 3;
        m[0][2] = 6;   // 0↔2: 6 errors, second
        m[1][0] = 2;   // class 0 is confused with 1 twice, class 2 with 3 once
        m[3][2] = 1;
        assertThat(TeacherAnalysis.similarTriple(m)).containsExactly(1, 3, 2);
        m[2][1] = 5;   // now class 2 is confused with the pair 6 times, class 0 twice
        assertThat(TeacherAnalysis.similarTriple(m)).containsExactly(1, 3, 0);
        // ties go to the lower index: no errors at all gives 0, 1 and then 2
        assertThat(TeacherAnalysis.similarTriple(new long[3][3])).containsExactly(0, 1, 2);
    }

    @Test
    void aTwoPartStudyRunsBothDataSetsIntoOneResultsFolder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("two.yaml");
        Files.writeString(f, """
                suite: paper
                validation_size: 300
                train_limit: 900
                test_limit: 400
                teacher: {net: 784-32-10, alphas: [0.1, 0.0], epochs: 1}
                student: {net: 784-16-10, epochs: 1, from_labels: false, temperatures: [2]}
                parts:
                  - data: mnist
                  - data: fashion-mnist
                    projections: [[1, 8, 7], [0, 6, 9]]
                    student: {temperatures: [], from_labels: true}
                """);
        StudyConfig study = ConfigLoader.load(f, false);
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        Path out = dir.resolve("out");
        SuiteRunner.Summary s = runner.run(study, out, Shard.ALL, false, false);
        assertThat(s.complete()).isTrue();
        try (var files = Files.list(out.resolve("cells"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "student-fashion-mnist-labels-s1.json", "student-mnist-from-a0-T2-b0.6-s1.json",
                    "student-mnist-from-a0.1-T2-b0.6-s1.json", "teacher-fashion-mnist-a0-s1.json",
                    "teacher-fashion-mnist-a0.1-s1.json", "teacher-mnist-a0-s1.json", "teacher-mnist-a0.1-s1.json");
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode lsTeacher = json.readTree(out.resolve("cells/teacher-fashion-mnist-a0.1-s1.json").toFile());
        JsonNode hardTeacher = json.readTree(out.resolve("cells/teacher-fashion-mnist-a0-s1.json").toFile());
        assertThat(lsTeacher.path("dataset").asText()).isEqualTo("fashion-mnist");
        JsonNode projections = lsTeacher.path("metrics").path("analysis").path("projections");
        assertThat(projections).hasSize(3);   // the two configured triples and the automatic one
        assertThat(projections.get(0).path("chosen").asText()).isEqualTo("configured");
        JsonNode auto = projections.get(2);
        assertThat(auto.path("chosen").asText()).contains("teacher-fashion-mnist-a0-s1");
        // The pair comes from the hard teacher's validation confusion matrix (never the test set's), even for the LS
        // teacher trained before it.
        JsonNode confusion = hardTeacher.path("metrics").path("analysis").path("confusion_validation");
        long[][] m = new long[10][10];
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                m[i][j] = confusion.get(i).get(j).asLong();
            }
        }
        List<Integer> expected = TeacherAnalysis.similarTriple(m);
        assertThat(json.convertValue(auto.path("classes"), int[].class)).containsExactly(
                expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(hardTeacher.path("metrics").path("analysis").path("projections").get(2).path("classes"))
                .isEqualTo(auto.path("classes"));
        // The MNIST part kept the default dissimilar triple; the results folder's report covers both data sets.
        JsonNode mnist = json.readTree(out.resolve("cells/teacher-mnist-a0-s1.json").toFile());
        assertThat(mnist.path("metrics").path("analysis").path("projections").get(0).path("classes").toString())
                .isEqualTo("[0,1,7]");
        String report = Files.readString(io.smoothkd.report.ReportWriter.write(out));
        assertThat(report).contains("MNIST").contains("Fashion-MNIST").contains("most confused in the validation confusion");
    }

    @Test
    void partsThatWouldShareCellIdsAreRefused() {
        StudyConfig one = ConfigLoader.builtIn("mnist-distillation", true);
        assertThatThrownBy(() -> new StudyConfig("paper", "mnist", 1, 100, 0, 0, null, null, null, null, null,
                List.of(one, one))).hasMessageContaining("suite 'paper'");
    }
}
