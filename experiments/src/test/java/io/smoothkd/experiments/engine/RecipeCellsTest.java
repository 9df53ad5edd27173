package io.smoothkd.experiments.engine;

import io.smoothkd.core.nets.LearningRateSchedule;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The training-recipe keys of a config reach every cell's run configuration and its recorded params. */
class RecipeCellsTest {

    @Test
    void teacherAndStudentRecipesReachTheirCells(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, String.join("\n",
                "suite: paper",
                "teacher: {lr_schedule: cosine, warmup_epochs: 1, max_norm: 3.5, epochs: 20, elastic: [34, 4]}",
                "student: {lr_schedule: constant, weight_decay: 0.001, temperatures: [2]}",
                ""));
        StudyConfig c = ConfigLoader.load(f, false);
        List<Cell> cells = new TeacherStudentSuite("paper", "test").cells(c);
        TeacherCell teacher = cells.stream().filter(TeacherCell.class::isInstance).map(TeacherCell.class::cast)
                .findFirst().orElseThrow();
        assertThat(teacher.config().schedule()).isEqualTo(LearningRateSchedule.Kind.COSINE);
        assertThat(teacher.config().warmupEpochs()).isEqualTo(1.0);
        assertThat(teacher.config().maxNorm()).isEqualTo(3.5);
        assertThat(teacher.params()).containsEntry("lr_schedule", "cosine").containsEntry("warmup_epochs", 1.0)
                .containsEntry("max_norm", 3.5).containsEntry("weight_decay", 0.0)
                .containsEntry("elastic", List.of(34.0, 4.0));
        assertThat(teacher.config().toMap()).containsEntry("elastic_alpha", 34.0).containsEntry("elastic_sigma", 4.0);
        StudentCell student = cells.stream().filter(StudentCell.class::isInstance).map(StudentCell.class::cast)
                .findFirst().orElseThrow();
        assertThat(student.params()).containsEntry("lr_schedule", "constant").containsEntry("weight_decay", 0.001)
                .containsEntry("max_norm", 0.0).doesNotContainKey("elastic");
        assertThat(student.config().toMap()).containsEntry("lr_schedule", "constant")
                .containsEntry("weight_decay", 0.001);
        // the default recipe is the original one
        TeacherCell plain = (TeacherCell) new TeacherStudentSuite("paper", "test")
                .cells(ConfigLoader.builtIn("mnist-distillation", false)).get(0);
        assertThat(plain.config().schedule()).isEqualTo(LearningRateSchedule.Kind.EXPONENTIAL);
        assertThat(plain.params()).containsEntry("lr_schedule", "exponential").containsEntry("max_norm", 0.0)
                .doesNotContainKey("elastic");
        assertThat(plain.config().toMap()).doesNotContainKeys("elastic_alpha", "elastic_sigma");
    }
}
