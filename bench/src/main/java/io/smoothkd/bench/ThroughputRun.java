package io.smoothkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.runs.Provenance;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One throughput bench, as {@code smoothkd bench} runs it: both sides on the same thread count, the machine described
 * before and after (load average), optionally PyTorch interleaved, and the result as the JSON of
 * {@link ThroughputReport}.
 */
public final class ThroughputRun {
    private ThroughputRun() {
    }

    /**
     * Measures every step.
     *
     * @param quick   few, short repetitions
     * @param peer    also run every step in PyTorch
     * @param threads threads of both sides ({@link #threads})
     * @param log     where progress and the peer's description go
     * @throws TorchPeer.UnavailableException with {@code peer} when python3 or torch is missing
     */
    public static JsonNode measure(boolean quick, boolean peer, int threads, PrintStream log)
            throws IOException, TorchPeer.UnavailableException {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Map<String, Object> machine = machine(threads);
        Throughput.Settings settings = quick ? Throughput.Settings.brief() : Throughput.Settings.standard();
        TorchPeer torch = peer ? TorchPeer.start(threads) : null;
        try {
            if (torch != null) {
                Map<String, Object> i = torch.info();
                log.println("bench: PyTorch " + i.get("torch") + " via " + i.get("interpreter") + ", "
                        + i.get("threads") + " threads, " + i.get("blas") + "; BLAS libraries loaded: "
                        + i.get("blas_libraries"));
            }
            LabeledImages data = Throughput.data(log);
            List<Throughput.Measured> measured = Throughput.measure(settings, data, torch, log);
            machine.put("load_average_after", loadAverage());
            return ThroughputReport.toJson(measured, settings, data.name(), machine, torch == null ? null : torch.info());
        } finally {
            if (torch != null) {
                torch.close();
            }
        }
    }

    /**
     * {@code OMP_NUM_THREADS} if set, else the available processors; both sides use this many.
     *
     * @throws IllegalArgumentException when it is set but not a whole number &gt;= 1
     */
    public static int threads(String env) {
        if (env == null || env.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(env.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("OMP_NUM_THREADS='" + env + "': expected a whole number >= 1");
    }

    private static Map<String, Object> machine(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", Provenance.cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("threads", threads);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version"));
        m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("nd4j_blas", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        m.put("cpu_natives", Provenance.cpuNatives());
        m.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        m.put("omp_wait_policy", System.getenv("OMP_WAIT_POLICY"));
        m.put("load_average_before", loadAverage());
        m.put("load_average_after", null);
        return m;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
