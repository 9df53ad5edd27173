package io.smoothkd.runs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decides, <em>before ND4J initialises</em>, whether the backend asked for with {@code --backend} can run here, so
 * that a missing GPU, driver or CUDA runtime, or a GPU newer than this build's CUDA kernels, is one line and exit code 2
 * within seconds, never a hang or a native crash. Nothing here touches an ND4J class: the CUDA backend's presence is
 * looked up as a class file, the GPU through {@code nvidia-smi}.
 */
public final class BackendCheck {
    /** The newest compute capability ND4J 1.0.0-M2.1's CUDA 11.6 kernels are built for. */
    public static final double MAX_COMPUTE_CAPABILITY = 8.6;
    public static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    public static final String CPU_BACKEND_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

    /** The ND4J backends SmoothKD builds for. */
    public enum Backend {
        CPU, CUDA;

        public static Backend parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "cpu" -> CPU;
                case "cuda", "gpu" -> CUDA;
                default -> throw new IllegalArgumentException("--backend " + s + ": expected auto, cpu or cuda");
            };
        }
    }

    /** {@code --backend auto}, the default: CUDA when this build has it and a supported GPU is usable, else the CPU. */
    public record Choice(Backend backend, Optional<String> whyNotCuda) {
    }

    /**
     * The automatic choice: CUDA when the CUDA backend is on the classpath and {@link #problem} finds nothing
     * against it; otherwise the CPU, with the reason CUDA was passed over when this is a CUDA build.
     */
    public static Choice auto(Probe probe) {
        if (!probe.hasClass(CUDA_BACKEND_CLASS)) {
            return new Choice(Backend.CPU, Optional.empty());
        }
        Optional<String> cuda = problem(Backend.CUDA, probe);
        return cuda.isEmpty() ? new Choice(Backend.CUDA, Optional.empty())
                : new Choice(Backend.CPU, Optional.of(cuda.get().replaceFirst("^--backend cuda: ", "")
                        .replaceFirst("(?:[;:]| or) use --backend cpu(?:, or --backend cuda --try-newer-gpu .*)?$", "")));
    }

    /**
     * Used by the launcher, with the CUDA build's classpath, before it picks the classpath to run on: prints
     * {@code cuda}, or {@code cpu} and a tab and the reason CUDA cannot run here. Touches no ND4J class.
     */
    public static void main(String[] args) {
        Choice c = auto(system());
        System.out.println(c.backend().name().toLowerCase(Locale.ROOT) + c.whyNotCuda().map(w -> "\t" + w).orElse(""));
    }

    /** What {@code nvidia-smi} printed: its exit code and output; {@code null} when it could not be started. */
    public record SmiResult(int exitCode, String output) {
    }

    /** The machine as seen by the check; injectable so the logic is testable without a GPU. */
    public interface Probe {
        /** Whether the class is on the classpath (looked up, not initialised). */
        boolean hasClass(String name);

        /** {@code nvidia-smi --query-gpu=name,compute_cap --format=csv,noheader}; empty when nvidia-smi is absent. */
        Optional<SmiResult> nvidiaSmi();

        /** Where a CUDA 11 runtime ({@code libcudart.so.11*}) was found; empty when none. */
        Optional<String> cudaRuntime();

        /** The value of an environment variable, or null. */
        String env(String name);
    }

    private BackendCheck() {
    }


    /**
     * @return empty when {@code backend} can run here, else the one line that says why not and what to do
     */
    public static Optional<String> problem(Backend backend, Probe probe) {
        return problem(backend, probe, false);
    }

    /**
     * {@link #problem(Backend, Probe)}, where {@code tryNewerGpu} lets CUDA start on a GPU above {@link
     * #MAX_COMPUTE_CAPABILITY} (the global option {@code --try-newer-gpu}): whether the driver's PTX JIT can run this
     * build's kernels there is for CUDA to tell, at the first kernel launch.
     */
    public static Optional<String> problem(Backend backend, Probe probe, boolean tryNewerGpu) {
        if (backend == Backend.CPU) {
            if (!probe.hasClass(CPU_BACKEND_CLASS)) {
                return Optional.of("--backend cpu: this build has no CPU backend (nd4j-native) on its classpath;"
                        + " run through ./smoothkd, or rebuild without -Pcuda");
            }
            if (probe.hasClass(CUDA_BACKEND_CLASS)) {
                return Optional.of("--backend cpu: both ND4J backends are on the classpath and ND4J would pick CUDA;"
                        + " run through ./smoothkd, which puts only the chosen one on it");
            }
            return Optional.empty();
        }
        if (!probe.hasClass(CUDA_BACKEND_CLASS)) {
            return Optional.of("--backend cuda: this build has the CPU backend only; rebuild with"
                    + " 'mvn -Pcuda -DskipTests install' (or SMOOTHKD_MAVEN_ARGS=-Pcuda ./smoothkd ...), or use --backend cpu");
        }
        Optional<SmiResult> smi = probe.nvidiaSmi();
        if (smi.isEmpty()) {
            return Optional.of("--backend cuda: no GPU / no NVIDIA driver found (nvidia-smi is not installed);"
                    + " use --backend cpu");
        }
        String out = smi.get().output() == null ? "" : smi.get().output().trim();
        if (smi.get().exitCode() != 0 && !out.contains("compute_cap")) {
            return Optional.of("--backend cuda: no GPU / no NVIDIA driver found (nvidia-smi: " + firstLine(out)
                    + "); use --backend cpu");
        }
        List<String[]> gpus = gpus(out);
        // a driver older than 510 cannot report the capability; CUDA will tell at start
        boolean capabilityUnknown = out.contains("compute_cap")
                || out.toLowerCase(Locale.ROOT).contains("not a valid field");
        if (gpus.isEmpty() && !capabilityUnknown) {
            return Optional.of("--backend cuda: no GPU / no NVIDIA driver found (nvidia-smi lists no GPU);"
                    + " use --backend cpu");
        }
        List<String[]> visible = visible(gpus, probe.env("CUDA_VISIBLE_DEVICES"));
        if (visible.isEmpty() && !capabilityUnknown) {
            return Optional.of("--backend cuda: CUDA_VISIBLE_DEVICES=" + probe.env("CUDA_VISIBLE_DEVICES")
                    + " hides every GPU of this machine; use --backend cpu or another CUDA_VISIBLE_DEVICES");
        }
        for (String[] gpu : visible) {
            if (aboveKernels(gpu) && !tryNewerGpu) {
                return Optional.of("--backend cuda: this build's CUDA kernels (ND4J 1.0.0-M2.1, CUDA 11.6) reach"
                        + " compute capability " + MAX_COMPUTE_CAPABILITY + "; " + gpu[0] + " is " + gpu[1]
                        + " (not yet tried by SmoothKD on any GPU above " + MAX_COMPUTE_CAPABILITY + "): use --backend"
                        + " cpu, or --backend cuda --try-newer-gpu to try it anyway");
            }
        }
        if (probe.cudaRuntime().isEmpty()) {
            return Optional.of("--backend cuda: no CUDA 11 runtime found (libcudart.so.11*: not in LD_LIBRARY_PATH,"
                    + " /usr/local/cuda*/lib64 or the ldconfig cache); install the CUDA 11.x runtime (e.g. the"
                    + " cuda-runtime-11-6 + libcublas-11-6 + libcusolver-11-6 packages) or use --backend cpu");
        }
        return Optional.empty();
    }

    /**
     * The first visible GPU above {@link #MAX_COMPUTE_CAPABILITY}, as "name (compute capability c)", for the warning
     * of {@code --try-newer-gpu}; empty when there is none or nvidia-smi cannot tell.
     */
    public static Optional<String> newerGpu(Probe probe) {
        Optional<SmiResult> smi = probe.nvidiaSmi();
        if (smi.isEmpty() || smi.get().output() == null) {
            return Optional.empty();
        }
        return visible(gpus(smi.get().output()), probe.env("CUDA_VISIBLE_DEVICES")).stream()
                .filter(BackendCheck::aboveKernels).findFirst()
                .map(gpu -> gpu[0] + " (compute capability " + gpu[1] + ")");
    }

    /** nvidia-smi's "name, compute_cap" lines as {name, capability} (capability "" when absent), its notes left out. */
    private static List<String[]> gpus(String out) {
        List<String[]> gpus = new ArrayList<>();
        for (String line : out.trim().split("\\R")) {
            String l = line.trim();
            if (l.isEmpty() || l.contains("compute_cap") || l.toLowerCase(Locale.ROOT).contains("not a valid field")) {
                continue;
            }
            int comma = l.lastIndexOf(',');
            gpus.add(comma < 0 ? new String[] {l, ""} : new String[] {l.substring(0, comma).trim(),
                    l.substring(comma + 1).trim()});
        }
        return gpus;
    }

    /** Whether a GPU's capability is above this build's kernels; false when it cannot tell ("[N/A]"). */
    private static boolean aboveKernels(String[] gpu) {
        try {
            return Double.parseDouble(gpu[1]) > MAX_COMPUTE_CAPABILITY + 1e-9;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The GPUs CUDA will see: all, or those whose index CUDA_VISIBLE_DEVICES names (UUIDs: all, to be safe). */
    public static List<String[]> visible(List<String[]> gpus, String cudaVisibleDevices) {
        if (cudaVisibleDevices == null) {
            return gpus;
        }
        String v = cudaVisibleDevices.trim();
        if (v.isEmpty() || v.equals("-1") || v.equalsIgnoreCase("NoDevFiles")) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.trim();
            if (!p.matches("\\d+")) {
                return gpus; // GPU-/MIG- UUIDs: not mapped here, check them all
            }
            int i = Integer.parseInt(p);
            if (i >= gpus.size()) {
                break; // CUDA stops at the first invalid index
            }
            out.add(gpus.get(i));
        }
        return out;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        String line = (nl < 0 ? t : t.substring(0, nl)).strip();
        return line.isEmpty() ? "failed with no output" : line;
    }

    /** The real machine. */
    public static Probe system() {
        return new SystemProbe();
    }

    static final class SystemProbe implements Probe {
        @Override
        public boolean hasClass(String name) {
            return BackendCheck.class.getClassLoader().getResource(name.replace('.', '/') + ".class") != null;
        }

        @Override
        public Optional<SmiResult> nvidiaSmi() {
            String exe = System.getenv().getOrDefault("SMOOTHKD_NVIDIA_SMI", "nvidia-smi");
            Process p;
            try {
                p = new ProcessBuilder(exe, "--query-gpu=name,compute_cap", "--format=csv,noheader")
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                return Optional.empty();
            }
            try {
                p.getOutputStream().close();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.of(new SmiResult(124, "did not answer within 20 s (driver hung?)"));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return Optional.of(new SmiResult(p.exitValue(), out));
            } catch (IOException e) {
                return Optional.of(new SmiResult(1, String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                return Optional.of(new SmiResult(130, "interrupted"));
            }
        }

        @Override
        public Optional<String> cudaRuntime() {
            if (getClass().getClassLoader().getResource("org/bytedeco/cuda/linux-x86_64/libcudart.so.11.0") != null) {
                return Optional.of("org.bytedeco:cuda-platform-redist");
            }
            Set<Path> dirs = new LinkedHashSet<>();
            for (String var : new String[] {"LD_LIBRARY_PATH"}) {
                String v = System.getenv(var);
                if (v != null) {
                    for (String d : v.split(File.pathSeparator)) {
                        if (!d.isBlank()) {
                            dirs.add(Path.of(d));
                        }
                    }
                }
            }
            for (String var : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
                String v = System.getenv(var);
                if (v != null && !v.isBlank()) {
                    dirs.add(Path.of(v, "lib64"));
                    dirs.add(Path.of(v, "lib"));
                }
            }
            try (DirectoryStream<Path> local = Files.newDirectoryStream(Path.of("/usr/local"), "cuda*")) {
                for (Path c : local) {
                    dirs.add(c.resolve("lib64"));
                    dirs.add(c.resolve("targets/x86_64-linux/lib"));
                }
            } catch (IOException | RuntimeException e) {
                // no /usr/local/cuda*
            }
            for (String d : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
                    "/usr/lib/wsl/lib"}) {
                dirs.add(Path.of(d));
            }
            for (Path d : dirs) {
                try (DirectoryStream<Path> libs = Files.newDirectoryStream(d, "libcudart.so.11*")) {
                    for (Path lib : libs) {
                        return Optional.of(lib.toString());
                    }
                } catch (IOException | RuntimeException e) {
                    // not a directory
                }
            }
            try {
                Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(10, TimeUnit.SECONDS);
                for (String line : out.split("\\R")) {
                    if (line.trim().startsWith("libcudart.so.11")) {
                        return Optional.of(line.trim());
                    }
                }
            } catch (IOException e) {
                // no ldconfig
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        @Override
        public String env(String name) {
            return System.getenv(name);
        }
    }
}
