package io.smoothkd.runs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress and log lines name the run: a suite cell by its id, a single run by its kind and settings. */
class RunsTaskNameTest {
    @Test
    void cellFoldersNameTheirCellAndOtherFoldersTheSettings() {
        assertThat(Runs.taskName("student", Path.of("res/runs/student-mnist-from-a0.1-T2-b0.6-s1"), "T=2.0 β=0.6"))
                .isEqualTo("student-mnist-from-a0.1-T2-b0.6-s1");
        assertThat(Runs.taskName("student", Path.of("res/runs/student-mnist-from-a0-T2-b0.6-s1"), "T=2.0 β=0.6"))
                .isEqualTo("student-mnist-from-a0-T2-b0.6-s1");
        assertThat(Runs.taskName("teacher", Path.of("/tmp/my-run"), "α=0.1")).isEqualTo("teacher α=0.1");
        assertThat(Runs.taskName("teacher", Path.of("."), "α=0.0")).isEqualTo("teacher α=0.0");
    }
}
