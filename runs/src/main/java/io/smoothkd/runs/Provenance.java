package io.smoothkd.runs;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * How a run was made, assembled once at its end (after Tribuo's provenance): configuration, seed, command line,
 * git commit, library versions (SmoothKD's own from {@link #smoothKdVersion}), data checksums, timings, machine and ND4J backend. A run folder answers "how was I made?"
 * by itself.
 */
public final class Provenance {
    private Provenance() {
    }

    /**
     * The provenance map.
     *
     * @param kind      "teacher" or "student"
     * @param config    the configuration, as flat keys
     * @param checksums SHA-256 of the data files
     * @param timings   named durations in seconds
     * @param extra     anything else (e.g. the teacher a student was distilled from); may be empty
     */
    public static Map<String, Object> of(String kind, Map<String, Object> config, Map<String, String> checksums,
                                         Map<String, Object> timings, Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind);
        p.put("format", 1);
        p.put("finished", Instant.now().toString());
        p.put("config", config);
        p.put("data_sha256", checksums);
        p.put("timings_seconds", timings);
        p.putAll(extra);
        p.put("command_line", commandLine());
        p.put("git_commit", gitCommit());
        p.put("versions", versions());
        p.put("machine", machine());
        p.put("backend", backend());
        return p;
    }

    /** The commit of the source tree in the working directory, "unknown" outside a git checkout. */
    public static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
                String dirty = new String(d.getInputStream().readAllBytes()).trim();
                d.waitFor(10, TimeUnit.SECONDS);
                return dirty.isEmpty() ? out : out + "-dirty";
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** The resource the build fills in with the project's version. */
    private static final String VERSION_RESOURCE = "/io/smoothkd/core/smoothkd-version.properties";
    private static volatile String commandLine;

    /**
     * SmoothKD's version (the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}), the one string both
     * {@code smoothkd --version} and {@code provenance.json} give; from a resource the build fills in, so it is the
     * same from the jar, from {@code target/classes} in tests and in a library user's program. "unknown" only when
     * the resource was not filtered (a build outside Maven).
     */
    public static String smoothKdVersion() {
        try (var in = Provenance.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                String v = props.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.contains("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /**
     * Records the command this process runs, for {@code command_line} in every provenance written afterwards; the
     * CLI calls it with its own name and arguments.
     */
    public static void recordCommandLine(String program, List<String> args) {
        StringBuilder b = new StringBuilder(shellQuoted(program));
        for (String a : args) {
            b.append(' ').append(shellQuoted(a));
        }
        commandLine = b.toString();
    }

    /**
     * The command line of this process as one shell-quoted line: the one {@link #recordCommandLine} recorded, else
     * the JVM's main class and arguments (a program using the library), else "unknown".
     */
    public static String commandLine() {
        String c = commandLine;
        if (c != null) {
            return c;
        }
        String jvm = System.getProperty("sun.java.command");
        return jvm == null || jvm.isBlank() ? "unknown" : jvm;
    }

    /** A word as a POSIX shell reads it back: unchanged when plain, else in single quotes. */
    static String shellQuoted(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,@%+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("smoothkd", smoothKdVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("deeplearning4j", libraryVersion("org.deeplearning4j", "deeplearning4j-nn"));
        v.put("nd4j", libraryVersion("org.nd4j", "nd4j-api"));
        return v;
    }

    private static String libraryVersion(String group, String artifact) {
        String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (var in = Nd4j.class.getResourceAsStream(res)) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                return props.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", io.smoothkd.core.data.AtomicFiles.hostName());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", cpuModel());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("jvm", ManagementFactory.getRuntimeMXBean().getVmName());
        m.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        return m;
    }

    /** The CPU model from /proc/cpuinfo ("unknown" elsewhere). */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    /**
     * Which build of nd4j-native's kernels runs: the one the launcher chose for this CPU (javacpp's platform
     * extension), e.g. {@code linux-x86_64-avx512}, or {@code linux-x86_64 (generic)}.
     */
    public static String cpuNatives() {
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        return ext.isEmpty() ? "linux-x86_64 (generic)" : "linux-x86_64" + ext;
    }

    static Map<String, Object> backend() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", Nd4j.getBackend().getClass().getSimpleName());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        for (String key : new String[] {"backend", "omp.threads", "blas.vendor", "cuda.devicesInformation"}) {
            Object v = env.get(key);
            if (v != null) {
                b.put(key, String.valueOf(v));
            }
        }
        b.put("device", device(env.get("cuda.devicesInformation")));
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        if (visible != null) {
            b.put("cuda_visible_devices", visible);
        }
        if (b.get("name").equals("CpuBackend")) {
            b.put("cpu_natives", cpuNatives());
        }
        String chosen = System.getProperty("smoothkd.backend");
        if (chosen != null) {
            b.put("requested", chosen);
        }
        return b;
    }

    /** "cpu: <model>" on the CPU backend; the CUDA devices' names (and compute capability) on the CUDA backend. */
    static String device(Object cudaDevices) {
        if (!(cudaDevices instanceof java.util.List<?> list) || list.isEmpty()) {
            return "cpu: " + cpuModel();
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Object d : list) {
            if (d instanceof Map<?, ?> m) {
                Object name = m.get("cuda.deviceName");
                Object major = m.get("cuda.deviceMajor");
                Object minor = m.get("cuda.deviceMinor");
                names.add("cuda: " + name + (major != null ? " (compute capability " + major + "." + minor + ")" : ""));
            } else {
                names.add("cuda: " + d);
            }
        }
        return String.join("; ", names);
    }
}
