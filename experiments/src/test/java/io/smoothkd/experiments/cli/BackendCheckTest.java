package io.smoothkd.experiments.cli;

import io.smoothkd.runs.BackendCheck;
import io.smoothkd.runs.BackendCheck.Backend;
import io.smoothkd.runs.BackendCheck.SmiResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The --backend check with fake machines: no ND4J, no GPU needed. */
class BackendCheckTest {
    /** A machine: which backends are built in, what nvidia-smi says (null: absent), whether libcudart.so.11 exists. */
    record Fake(boolean cpuBackend, boolean cudaBackend, SmiResult smi, boolean cudart, Map<String, String> env)
            implements BackendCheck.Probe {
        @Override
        public boolean hasClass(String name) {
            return name.equals(BackendCheck.CUDA_BACKEND_CLASS) ? cudaBackend : cpuBackend;
        }

        @Override
        public Optional<SmiResult> nvidiaSmi() {
            return Optional.ofNullable(smi);
        }

        @Override
        public Optional<String> cudaRuntime() {
            return cudart ? Optional.of("/usr/local/cuda-11.6/lib64/libcudart.so.11.0") : Optional.empty();
        }

        @Override
        public String env(String name) {
            return env.get(name);
        }
    }

    static Fake cudaBuild(SmiResult smi, boolean cudart) {
        return new Fake(true, true, smi, cudart, Map.of());
    }

    static SmiResult ok(String out) {
        return new SmiResult(0, out);
    }

    @AfterEach
    void restoreProbe() {
        SmoothKd.probe = BackendCheck.system();
    }

    @Test
    void cpuBuildRunsCpuAndRefusesCudaWithARebuildHint() {
        Fake cpuOnly = new Fake(true, false, null, false, Map.of());
        assertThat(BackendCheck.auto(cpuOnly).backend()).isEqualTo(Backend.CPU);
        assertThat(BackendCheck.auto(cpuOnly).whyNotCuda()).isEmpty();
        assertThat(BackendCheck.problem(Backend.CPU, cpuOnly)).isEmpty();
        assertThat(BackendCheck.problem(Backend.CUDA, cpuOnly)).get().asString()
                .contains("CPU backend only").contains("rebuild with 'mvn -Pcuda");
    }

    @Test
    void cudaBuildDefaultsToCudaWhenASupportedGpuIsUsable() {
        var choice = BackendCheck.auto(cudaBuild(ok("NVIDIA A100-SXM4-40GB, 8.0\n"), true));
        assertThat(choice.backend()).isEqualTo(Backend.CUDA);
        assertThat(choice.whyNotCuda()).isEmpty();
    }

    @Test
    void cudaBuildWithoutAGpuFallsBackToTheCpuAndSaysWhy() {
        var none = BackendCheck.auto(cudaBuild(null, true));
        assertThat(none.backend()).isEqualTo(Backend.CPU);
        assertThat(none.whyNotCuda()).get().asString()
                .isEqualTo("no GPU / no NVIDIA driver found (nvidia-smi is not installed)");
        var hopper = BackendCheck.auto(cudaBuild(ok("NVIDIA H200, 9.0\n"), true));
        assertThat(hopper.backend()).isEqualTo(Backend.CPU);
        assertThat(hopper.whyNotCuda()).get().asString().contains("compute capability 8.6").contains("NVIDIA H200 is 9.0");
    }

    @Test
    void noNvidiaSmiMeansNoGpu() {
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(null, true))).get().asString()
                .isEqualTo("--backend cuda: no GPU / no NVIDIA driver found (nvidia-smi is not installed); use --backend cpu");
    }

    @Test
    void nvidiaSmiWithoutDriverMeansNoGpu() {
        SmiResult noDriver = new SmiResult(9, "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA"
                + " driver. Make sure that the latest NVIDIA driver is installed and running.\n\n");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(noDriver, true))).get().asString()
                .startsWith("--backend cuda: no GPU / no NVIDIA driver found (nvidia-smi: NVIDIA-SMI has failed")
                .doesNotContain("\n");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(new SmiResult(6, "No devices were found"), true)))
                .get().asString().contains("no GPU / no NVIDIA driver found (nvidia-smi: No devices were found)");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok(""), true))).get().asString()
                .contains("nvidia-smi lists no GPU");
    }

    @Test
    void hopperIsAboveTheKernelsComputeCapability() {
        Fake h100 = cudaBuild(ok("NVIDIA H100 80GB HBM3, 9.0\n"), true);
        assertThat(BackendCheck.problem(Backend.CUDA, h100)).get().asString()
                .isEqualTo("--backend cuda: this build's CUDA kernels (ND4J 1.0.0-M2.1, CUDA 11.6) reach compute"
                        + " capability 8.6; NVIDIA H100 80GB HBM3 is 9.0 (not yet tried by SmoothKD on any GPU above 8.6):"
                        + " use --backend cpu, or --backend cuda --try-newer-gpu to try it anyway");
        // also without a CUDA runtime: the capability is the problem to report first
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok("NVIDIA H100 80GB HBM3, 9.0\n"), false)))
                .get().asString().contains("is 9.0 (not yet tried");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok("NVIDIA L4, 8.9\n"), true))).get().asString()
                .contains("NVIDIA L4 is 8.9");
    }

    @Test
    void tryNewerGpuLetsCudaStartAboveTheKernelsCapabilityAndSaysSo() {
        Fake h200 = cudaBuild(ok("NVIDIA H200, 9.0\n"), true);
        assertThat(BackendCheck.problem(Backend.CUDA, h200, true)).isEmpty();
        assertThat(BackendCheck.newerGpu(h200)).contains("NVIDIA H200 (compute capability 9.0)");
        assertThat(BackendCheck.newerGpu(cudaBuild(ok("NVIDIA A100-SXM4-40GB, 8.0\n"), true))).isEmpty();
        // the other checks still hold
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok("NVIDIA H200, 9.0\n"), false), true)).get()
                .asString().contains("no CUDA 11 runtime found");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(null, true), true)).get().asString()
                .contains("nvidia-smi is not installed");
        // the automatic choice never takes a newer GPU, and its reason drops the advice meant for --backend cuda
        assertThat(BackendCheck.auto(h200).whyNotCuda()).get().asString()
                .endsWith("NVIDIA H200 is 9.0 (not yet tried by SmoothKD on any GPU above 8.6)");

        SmoothKd.probe = h200;
        StringWriter err = new StringWriter();
        CommandLine cl = SmoothKd.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--backend", "cuda", "--try-newer-gpu", "calibration", "--logits", "does-not-exist.npy",
                "--labels", "x.npy");
        assertThat(err.toString()).startsWith("smoothkd: --try-newer-gpu: trying CUDA on NVIDIA H200 (compute"
                + " capability 9.0), above the 8.6 this build's kernels are made for");
        assertThat(err.toString()).contains("does-not-exist.npy"); // the command itself ran, and found no file
        assertThat(code).isEqualTo(2);

        StringWriter err2 = new StringWriter();
        CommandLine cpu = SmoothKd.commandLine();
        cpu.setErr(new PrintWriter(err2));
        assertThat(cpu.execute("--backend", "cpu", "--try-newer-gpu", "suites")).isEqualTo(2);
        assertThat(err2.toString().strip()).isEqualTo("smoothkd: --try-newer-gpu applies to --backend cuda only (the"
                + " backend here: cpu)");
    }

    @Test
    void supportedGpuNeedsTheCuda11Runtime() {
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok("NVIDIA A100-SXM4-40GB, 8.0\n"), true))).isEmpty();
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok("Tesla T4, 7.5\nTesla T4, 7.5\n"), true))).isEmpty();
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(ok("NVIDIA A100-SXM4-40GB, 8.0\n"), false)))
                .get().asString().contains("no CUDA 11 runtime found (libcudart.so.11*");
    }

    @Test
    void onlyTheVisibleGpusCount() {
        SmiResult mixed = ok("NVIDIA A100-SXM4-80GB, 8.0\nNVIDIA H100 PCIe, 9.0\n");
        assertThat(BackendCheck.problem(Backend.CUDA, new Fake(true, true, mixed, true,
                Map.of("CUDA_VISIBLE_DEVICES", "0")))).isEmpty();
        assertThat(BackendCheck.problem(Backend.CUDA, new Fake(true, true, mixed, true,
                Map.of("CUDA_VISIBLE_DEVICES", "1")))).get().asString().contains("NVIDIA H100 PCIe is 9.0");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(mixed, true))).get().asString().contains("9.0");
        assertThat(BackendCheck.problem(Backend.CUDA, new Fake(true, true, mixed, true,
                Map.of("CUDA_VISIBLE_DEVICES", "")))).get().asString().contains("hides every GPU");
    }

    @Test
    void oldDriverWithoutComputeCapFieldIsLeftToCuda() {
        SmiResult old = new SmiResult(2, "Field \"compute_cap\" is not a valid field to query.\n");
        assertThat(BackendCheck.problem(Backend.CUDA, cudaBuild(old, true))).isEmpty();
    }

    @Test
    void cpuWithBothBackendsOnTheClasspathIsRefused() {
        assertThat(BackendCheck.problem(Backend.CPU, cudaBuild(null, false))).get().asString()
                .contains("both ND4J backends");
    }

    @Test
    void commandLineAnswersOneLineAndExitTwoBeforeTheCommandRuns() {
        SmoothKd.probe = cudaBuild(ok("NVIDIA H100 80GB HBM3, 9.0\n"), true);
        StringWriter err = new StringWriter();
        CommandLine cl = SmoothKd.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--backend", "cuda", "calibration", "--logits", "does-not-exist.npy", "--labels", "x.npy");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("smoothkd: --backend cuda: this build's CUDA kernels (ND4J"
                + " 1.0.0-M2.1, CUDA 11.6) reach compute capability 8.6; NVIDIA H100 80GB HBM3 is 9.0 (not yet tried by"
                + " SmoothKD on any GPU above 8.6): use --backend cpu, or --backend cuda --try-newer-gpu to try it anyway");

        StringWriter err2 = new StringWriter();
        CommandLine cl2 = SmoothKd.commandLine();
        cl2.setErr(new PrintWriter(err2));
        assertThat(cl2.execute("--backend", "tpu", "calibration", "--logits", "a", "--labels", "b")).isEqualTo(2);
        assertThat(err2.toString().strip()).isEqualTo("smoothkd: --backend tpu: expected auto, cpu or cuda");

        CommandLine cl3 = SmoothKd.commandLine();
        cl3.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl3.execute("--backend", "tpu", "suites")).isEqualTo(2);
    }
}
