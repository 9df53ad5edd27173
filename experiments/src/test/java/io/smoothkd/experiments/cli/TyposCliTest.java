package io.smoothkd.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Mistyped commands and options get picocli's closest suggestion; contradictory or orphan options are refused. */
class TyposCliTest {

    private static void oneLine(CliTest.Result r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
    }

    @Test
    void mistypedCommandAndOptionSuggestTheClosestName(@TempDir Path dir) throws Exception {
        oneLine(CliTest.run("techer"), "'techer'", "did you mean 'teacher'?");
        oneLine(CliTest.run("teacher", "--epoch", "2", "--out", dir.toString()), "'--epoch'", "did you mean '--epochs'?");
        oneLine(CliTest.run("run", "paper", "--resum"), "did you mean '--resume'?");
    }

    @Test
    void resumeWithForceIsRefused(@TempDir Path dir) throws Exception {
        oneLine(CliTest.run("run", "paper", "--quick", "--resume", "--force", "--out", dir.toString()),
                "--resume and --force contradict each other");
        oneLine(CliTest.run("teacher", "--resume", "--force", "--out", dir.resolve("t").toString()),
                "--resume and --force contradict each other");
    }

    @Test
    void distillationSettingsWithoutATeacherAreRefused(@TempDir Path dir) throws Exception {
        oneLine(CliTest.run("student", "--temperature", "0", "--out", dir.toString()),
                "--temperature is a distillation setting: give --teacher DIR too");
        oneLine(CliTest.run("student", "--beta", "0.5", "--out", dir.toString()), "--beta is a distillation setting");
    }
}
