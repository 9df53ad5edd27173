package io.smoothkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The throughput bench's results as one JSON document with stable keys, and its renderings: the console table
 * and the markdown table of the README (both rendered from the JSON, so a saved JSON regenerates them).
 * <pre>
 * schema, created,
 * machine  {cpu, cores, threads, os, java, nd4j_backend, nd4j_blas, cpu_natives, omp_num_threads, omp_wait_policy,
 *           load_average_before, load_average_after},
 * settings {quick, batch, warmup_steps, warmup_seconds, reps, target_rep_seconds, data, distillation_temperature, distillation_beta},
 * peer     {torch, python, threads, interop_threads, blas, blas_libraries} or null,
 * workloads {KEY: {label, unit, flops_per_unit, steps_per_rep, ours {min, median, max}, gflops, pct_of_sgemm,
 *                  peer {min, median, max} | null, peer_gflops, peer_pct_of_sgemm, ratio {min, median, max} | null}}
 * </pre>
 * for KEY in {@link Throughput#KEYS}; rates are in the workload's unit (examples/s, sgemm: products/s), GFLOP/s
 * at the median, {@code pct_of_sgemm} relative to the same side's sgemm median, {@code ratio} = ours / PyTorch of
 * each interleaved repetition pair (&gt; 1: SmoothKD faster).
 */
public final class ThroughputReport {
    public static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ThroughputReport() {
    }

    /** The JSON document of a measurement. */
    public static ObjectNode toJson(List<Throughput.Measured> measured, Throughput.Settings s, String dataName,
                                    Map<String, Object> machine, Map<String, Object> peerInfo) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("created", Instant.now().toString());
        root.set("machine", JSON.valueToTree(machine));
        ObjectNode settings = root.putObject("settings");
        settings.put("quick", s.quick());
        settings.put("batch", Throughput.BATCH);
        settings.put("warmup_steps", s.warmupSteps());
        settings.put("warmup_seconds", s.warmupSeconds());
        settings.put("reps", s.reps());
        settings.put("target_rep_seconds", s.targetRepSeconds());
        settings.put("data", dataName);
        settings.put("distillation_temperature", Throughput.TEMPERATURE);
        settings.put("distillation_beta", Throughput.BETA);
        root.set("peer", peerInfo == null ? null : JSON.valueToTree(peerInfo));
        double sgemmOurs = Double.NaN;
        double sgemmPeer = Double.NaN;
        for (Throughput.Measured m : measured) {
            if ("sgemm".equals(m.key())) {
                sgemmOurs = median(m.ours()) * m.flopsPerUnit() / 1e9;
                sgemmPeer = m.peer() == null ? Double.NaN : median(m.peer()) * m.flopsPerUnit() / 1e9;
            }
        }
        ObjectNode workloads = root.putObject("workloads");
        for (Throughput.Measured m : measured) {
            ObjectNode w = workloads.putObject(m.key());
            w.put("label", m.label());
            w.put("unit", m.unit());
            w.put("flops_per_unit", m.flopsPerUnit());
            w.put("steps_per_rep", m.stepsPerRep());
            w.set("ours", stat(m.ours()));
            double gflops = median(m.ours()) * m.flopsPerUnit() / 1e9;
            w.put("gflops", gflops);
            w.put("pct_of_sgemm", 100 * gflops / sgemmOurs);
            if (m.peer() != null) {
                w.set("peer", stat(m.peer()));
                double pg = median(m.peer()) * m.flopsPerUnit() / 1e9;
                w.put("peer_gflops", pg);
                w.put("peer_pct_of_sgemm", 100 * pg / sgemmPeer);
                double[] ratio = new double[m.ours().length];
                for (int i = 0; i < ratio.length; i++) {
                    ratio[i] = m.ours()[i] / m.peer()[i];
                }
                w.set("ratio", stat(ratio));
            } else {
                w.putNull("peer");
                w.putNull("peer_gflops");
                w.putNull("peer_pct_of_sgemm");
                w.putNull("ratio");
            }
        }
        return root;
    }

    private static ObjectNode stat(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        ObjectNode o = JSON.createObjectNode();
        o.put("min", s[0]);
        o.put("median", median(s));
        o.put("max", s[s.length - 1]);
        return o;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static void write(JsonNode root, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    public static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static boolean has(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String rate(JsonNode stat) {
        return String.format(Locale.ROOT, "%,.0f", stat.get("median").asDouble());
    }

    private static String range(JsonNode stat) {
        return String.format(Locale.ROOT, "%,.0f–%,.0f", stat.get("min").asDouble(), stat.get("max").asDouble());
    }

    private static String num(JsonNode n, String fmt) {
        return has(n) && Double.isFinite(n.asDouble()) ? String.format(Locale.ROOT, fmt, n.asDouble()) : "–";
    }

    /** The console table. */
    public static String table(JsonNode root) {
        boolean peer = has(root.get("peer"));
        StringBuilder sb = new StringBuilder();
        sb.append(machineLine(root)).append('\n');
        if (peer) {
            sb.append(peerLine(root)).append('\n');
        }
        String head = String.format(Locale.ROOT, "%-50s %-12s %10s %-19s %8s %7s", "step", "unit", "median",
                "min–max", "GFLOP/s", "%sgemm");
        if (peer) {
            head += String.format(Locale.ROOT, " %12s %8s %7s %-13s", "PyTorch", "GFLOP/s", "%sgemm", "ours/PyTorch");
        }
        sb.append(head).append('\n').append("-".repeat(head.length())).append('\n');
        root.get("workloads").fields().forEachRemaining(e -> {
            JsonNode w = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-50s %-12s %10s %-19s %8s %7s", w.get("label").asText(),
                    w.get("unit").asText(), rate(w.get("ours")), range(w.get("ours")), num(w.get("gflops"), "%.1f"),
                    num(w.get("pct_of_sgemm"), "%.0f%%")));
            if (peer && has(w.get("peer"))) {
                JsonNode r = w.get("ratio");
                sb.append(String.format(Locale.ROOT, " %12s %8s %7s %.2f (%.2f–%.2f)", rate(w.get("peer")),
                        num(w.get("peer_gflops"), "%.1f"), num(w.get("peer_pct_of_sgemm"), "%.0f%%"),
                        r.get("median").asDouble(), r.get("min").asDouble(), r.get("max").asDouble()));
            }
            sb.append('\n');
        });
        sb.append(footnote(root)).append('\n');
        return sb.toString();
    }

    private static String machineLine(JsonNode root) {
        JsonNode m = root.get("machine");
        JsonNode s = root.get("settings");
        String natives = m.path("cpu_natives").isTextual() ? ", natives " + m.get("cpu_natives").asText() : "";
        return String.format(Locale.ROOT, "machine: %s, %d cores, %d threads, %s, Java %s, ND4J %s (BLAS %s%s),"
                        + " OMP_WAIT_POLICY=%s; load average %s before, %s after; data %s, batch %d, %d reps%s",
                m.path("cpu").asText(), m.path("cores").asInt(), m.path("threads").asInt(), m.path("os").asText(),
                m.path("java").asText(), m.path("nd4j_backend").asText(), m.path("nd4j_blas").asText(), natives,
                m.path("omp_wait_policy").asText(), m.path("load_average_before").asText(),
                m.path("load_average_after").asText(), s.path("data").asText(), s.path("batch").asInt(),
                s.path("reps").asInt(), s.path("quick").asBoolean() ? " (--quick)" : "");
    }

    private static String peerLine(JsonNode root) {
        JsonNode p = root.get("peer");
        StringBuilder libs = new StringBuilder();
        p.path("blas_libraries").forEach(l -> libs.append(libs.length() == 0 ? "" : ", ").append(l.asText()));
        return String.format(Locale.ROOT, "peer: PyTorch %s (Python %s), %d threads, %s; loaded: %s",
                p.path("torch").asText(), p.path("python").asText(), p.path("threads").asInt(),
                p.path("blas").asText(), libs);
    }

    private static String footnote(JsonNode root) {
        return "Rates: median of " + root.path("settings").path("reps").asInt() + " repetitions. GFLOP/s counts"
                + " matrix products only (2 FLOPs per multiply-add; training 6·Σ nIn·nOut per example, convolutions"
                + " as im2col GEMMs, inference 2·Σ), %sgemm relative to the same side's 1024² sgemm."
                + (has(root.get("peer")) ? " ours/PyTorch: median (min–max) of per-repetition ratios, the two"
                + " sides' repetitions interleaved in one run with the same thread count; > 1 means SmoothKD is"
                + " faster." : "");
    }

    /** The README's markdown: a machine line and one table row per workload. */
    public static String markdown(JsonNode root) {
        boolean peer = has(root.get("peer"));
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- generated by `./smoothkd bench").append(peer ? " --peer" : "")
                .append(" --markdown FILE` (or `--from JSON --markdown FILE`); do not edit by hand -->\n\n");
        sb.append(machineLine(root).replace("machine: ", "Machine: ")).append(".  \n");
        if (peer) {
            sb.append(peerLine(root).replace("peer: ", "Peer: ")).append(".\n");
        }
        sb.append('\n');
        sb.append(peer ? "| step | unit | SmoothKD (median) | SmoothKD min–max | GFLOP/s | % of sgemm | PyTorch (median)"
                + " | PyTorch GFLOP/s | PyTorch % of sgemm | SmoothKD / PyTorch |\n"
                + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n"
                : "| step | unit | SmoothKD (median) | min–max | GFLOP/s | % of sgemm |\n|---|---|--:|--:|--:|--:|\n");
        root.get("workloads").fields().forEachRemaining(e -> {
            JsonNode w = e.getValue();
            sb.append("| ").append(w.get("label").asText()).append(" | ").append(w.get("unit").asText())
                    .append(" | ").append(rate(w.get("ours"))).append(" | ").append(range(w.get("ours")))
                    .append(" | ").append(num(w.get("gflops"), "%.1f")).append(" | ")
                    .append(num(w.get("pct_of_sgemm"), "%.0f%%")).append(" |");
            if (peer) {
                if (has(w.get("peer"))) {
                    JsonNode r = w.get("ratio");
                    sb.append(' ').append(rate(w.get("peer"))).append(" | ").append(num(w.get("peer_gflops"), "%.1f"))
                            .append(" | ").append(num(w.get("peer_pct_of_sgemm"), "%.0f%%")).append(" | ")
                            .append(String.format(Locale.ROOT, "**%.2f** (%.2f–%.2f)", r.get("median").asDouble(),
                                    r.get("min").asDouble(), r.get("max").asDouble())).append(" |");
                } else {
                    sb.append(" – | – | – | – |");
                }
            }
            sb.append('\n');
        });
        sb.append('\n').append(footnote(root)).append('\n');
        return sb.toString();
    }
}
