package io.smoothkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch peer of the throughput bench: {@code bench/peer_torch.py} (a resource of this jar) running in
 * {@code --serve} mode as a child process, with {@code OMP_NUM_THREADS} and {@code torch.set_num_threads} set to
 * the JVM's thread count. The interpreter is {@code $SMOOTHKD_PYTHON}, else the first of {@code python3} on the
 * PATH and {@code /usr/bin/python3} that can import torch (Debian's {@code python3-torch} lives in the system
 * interpreter, which a pyenv or venv {@code python3} does not see).
 */
public final class TorchPeer implements Throughput.Peer, AutoCloseable {
    /** How to get a usable peer, printed when there is none. */
    public static final String INSTALL = "install PyTorch for python3 (Debian: apt-get install python3-torch"
            + " libopenblas0-pthread), or point SMOOTHKD_PYTHON at an interpreter that has it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Map<String, Object> info;

    /** The peer cannot run here (no python3, no torch, reference BLAS): the message says what to do. */
    public static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message) {
            super(message);
        }
    }

    private TorchPeer(Process process, Map<String, Object> info, BufferedReader reader) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = reader;
        this.info = info;
    }

    /** Starts the peer with {@code threads} intra-op threads; prints nothing. */
    public static TorchPeer start(int threads) throws UnavailableException, IOException {
        String python = findPython();
        Path script = Files.createTempFile("smoothkd-peer-torch-", ".py");
        script.toFile().deleteOnExit();
        try (InputStream s = TorchPeer.class.getResourceAsStream("/bench/peer_torch.py")) {
            if (s == null) {
                throw new IllegalStateException("bench/peer_torch.py is missing from the jar");
            }
            Files.copy(s, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--serve", "--threads",
                Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        if (first == null) {
            p.destroy();
            throw new UnavailableException("the PyTorch peer (" + python + ") exited without answering; " + INSTALL);
        }
        JsonNode hello = JSON.readTree(first);
        if (hello.has("error")) {
            p.destroy();
            throw new UnavailableException("PyTorch peer: " + hello.get("error").asText());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> info = JSON.convertValue(hello, LinkedHashMap.class);
        info.put("interpreter", python);
        return new TorchPeer(p, info, r);
    }

    private static String findPython() throws UnavailableException {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("SMOOTHKD_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        } else {
            candidates.add("python3");
            candidates.add("/usr/bin/python3");
        }
        boolean anyPython = false;
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    continue;
                }
                anyPython = true;
                if (p.exitValue() == 0) {
                    return c;
                }
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while looking for python3");
            }
        }
        throw new UnavailableException((anyPython ? "--peer: PyTorch is not importable from " : "--peer: no python3 at ")
                + String.join(" or ", candidates) + "; " + INSTALL);
    }

    /** What the peer said about itself: torch and Python versions, threads, BLAS. */
    public Map<String, Object> info() {
        return info;
    }

    @Override
    public double seconds(String workload, int steps) {
        try {
            in.write(JSON.writeValueAsString(Map.of("cmd", "run", "workload", workload, "steps", steps)));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the PyTorch peer died during " + workload);
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.has("error")) {
                throw new IllegalStateException("PyTorch peer, " + workload + ": " + answer.get("error").asText());
            }
            return answer.get("seconds").asDouble();
        } catch (IOException e) {
            throw new IllegalStateException("talking to the PyTorch peer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.write("{\"cmd\": \"quit\"}");
            in.newLine();
            in.flush();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
