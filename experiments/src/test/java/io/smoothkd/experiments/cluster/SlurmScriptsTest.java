package io.smoothkd.experiments.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Slurm scripts in cluster/slurm: #SBATCH directives and the smoothkd command line the tasks run. */
class SlurmScriptsTest {
    static final Path SLURM = Path.of("..", "cluster", "slurm");

    /** The #SBATCH options of a script (before its first command), "--name" → "value" ("" for flags). */
    static Map<String, String> sbatch(Path script) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(script)) {
            String l = line.strip();
            if (l.startsWith("#SBATCH")) {
                String o = l.substring("#SBATCH".length()).strip();
                int eq = o.indexOf('=');
                opts.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                break; // sbatch stops reading directives at the first command
            }
        }
        return opts;
    }

    static String execLine(Path script) throws IOException {
        List<String> execs = Files.readAllLines(script).stream().map(String::strip)
                .filter(l -> l.startsWith("exec ")).toList();
        assertThat(execs).as("one exec line in %s", script).hasSize(1);
        return execs.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoothkd-array.sbatch", "smoothkd-array-gpu.sbatch"})
    void arrayTaskRunsItsShardWithResume(String name) throws IOException {
        Path script = SLURM.resolve(name);
        assertThat(Files.isExecutable(script)).isTrue();
        Map<String, String> o = sbatch(script);
        assertThat(o.get("--array")).matches("0-\\d+(%\\d+)?");
        assertThat(o.get("--output")).contains("%A_%a");
        assertThat(o).containsKey("--requeue");
        assertThat(o.get("--open-mode")).isEqualTo("append");
        String text = Files.readString(script);
        assertThat(text).contains("i=\"$SLURM_ARRAY_TASK_ID\"")
                .contains("${SMOOTHKD_SHARDS:-${SLURM_ARRAY_TASK_COUNT")
                .contains("export SMOOTHKD_NO_BUILD=");
        String exec = execLine(script);
        assertThat(exec).contains(" run \"$suite\" \"$@\" --shard \"$i/$n\" --resume");
        // --shard/--resume come last, so no user argument can drop them (picocli: the last occurrence wins).
        assertThat(exec).endsWith("--shard \"$i/$n\" --resume");
        if (name.contains("gpu")) {
            assertThat(o.get("--gres")).isEqualTo("gpu:1");
            assertThat(exec).contains("--backend cuda");
        } else {
            assertThat(o).doesNotContainKey("--gres");
            assertThat(exec).contains("--backend \"${SMOOTHKD_BACKEND:-cpu}\"");
        }
    }

    @Test
    void reportJobRunsReportOnTheFolder() throws IOException {
        Path script = SLURM.resolve("smoothkd-report.sbatch");
        Map<String, String> o = sbatch(script);
        assertThat(o).doesNotContainKey("--array");
        assertThat(o.get("--output")).contains("%j");
        assertThat(execLine(script)).contains(" report \"$1\"");
    }

    @Test
    void submitChainsTheReportAfterTheArrayAndAlwaysSetsTheShardCount() throws IOException {
        String submit = Files.readString(SLURM.resolve("submit.sh"));
        assertThat(Files.isExecutable(SLURM.resolve("submit.sh"))).isTrue();
        assertThat(submit).contains("--dependency=\"afterok:$array_id\"")
                .contains("SMOOTHKD_SHARDS=$n")
                .contains("--array=\"$array\"")
                .contains("array=\"0-$((n - 1))${MAX_PARALLEL:+%$MAX_PARALLEL}\"")
                .contains("PARTITION=\"${PARTITION:-}\"")
                .contains("ACCOUNT=\"${ACCOUNT:-}\"");
    }
}
