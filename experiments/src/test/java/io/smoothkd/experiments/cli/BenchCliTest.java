package io.smoothkd.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smoothkd.bench.Throughput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench --quick --json} (no peer) runs and writes every key; {@code --from} re-renders the saved JSON as
 * markdown. No timing is asserted: the numbers depend on the machine.
 */
class BenchCliTest {
    private static final List<String> WORKLOAD_KEYS = List.of("label", "unit", "flops_per_unit", "steps_per_rep",
            "ours", "gflops", "pct_of_sgemm", "peer", "peer_gflops", "peer_pct_of_sgemm", "ratio");

    @Test
    void quickBenchWritesEveryKeyAndRendersMarkdownFromTheJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CliTest.Result r = CliTest.run("bench", "--quick", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("teacher MLP 784-1200-1200-10 train").contains("GFLOP/s");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(names(root)).containsExactly("schema", "created", "machine", "settings", "peer", "workloads");
        assertThat(names(root.get("machine"))).containsExactly("cpu", "cores", "threads", "os", "java",
                "nd4j_backend", "nd4j_blas", "cpu_natives", "omp_num_threads", "omp_wait_policy", "load_average_before",
                "load_average_after");
        assertThat(names(root.get("settings"))).containsExactly("quick", "batch", "warmup_steps", "warmup_seconds",
                "reps", "target_rep_seconds", "data", "distillation_temperature", "distillation_beta");
        assertThat(root.get("peer").isNull()).isTrue();
        assertThat(names(root.get("workloads"))).containsExactlyElementsOf(Throughput.KEYS);
        for (String key : Throughput.KEYS) {
            JsonNode w = root.get("workloads").get(key);
            assertThat(names(w)).as(key).containsExactlyElementsOf(WORKLOAD_KEYS);
            assertThat(names(w.get("ours"))).containsExactly("min", "median", "max");
            assertThat(w.get("ours").get("min").asDouble()).as(key).isPositive();
            assertThat(w.get("ours").get("min").asDouble()).isLessThanOrEqualTo(w.get("ours").get("median").asDouble());
            assertThat(w.get("ours").get("median").asDouble()).isLessThanOrEqualTo(w.get("ours").get("max").asDouble());
            assertThat(w.get("gflops").asDouble()).as(key).isPositive();
        }
        assertThat(root.get("workloads").get("sgemm").get("pct_of_sgemm").asDouble())
                .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));

        Path md = dir.resolve("perf.md");
        CliTest.Result again = CliTest.run("bench", "--from", json.toString(), "--markdown", md.toString());
        assertThat(again.code()).as(again.err()).isZero();
        String table = Files.readString(md);
        assertThat(table).contains("| step |").contains("sgemm 1024² float32").contains("Machine: ");
        assertThat(table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| step")).count())
                .isEqualTo(Throughput.KEYS.size());
    }

    @Test
    void fromRejectsAFileThatIsNotABenchJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"n\": 1}");
        CliTest.Result r = CliTest.run("bench", "--from", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a bench JSON");
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
