package io.smoothkd.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C (a real SIGINT to a child JVM) in the middle of a training: one line on how to resume, which works. */
class InterruptTest {
    /**
     * Whether this process ignores SIGINT: a command started with {@code &} from a script (nohup, CI wrappers) does,
     * and its children inherit it, so a JVM started from here would never see the Ctrl-C this test sends.
     */
    static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    static Process smoothkd(Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        if (sigintIgnored()) {
            // a Ctrl-C in a terminal reaches a process whose SIGINT is at its default: give the child that (perl is
            // part of every Debian system; a shell cannot reset a signal ignored on entry)
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path"), SmoothKd.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    @Test
    void sigintPrintsOneLineOnHowToResumeAndTheResumeFinishes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("t");
        String[] args = {"teacher", "--net", "784-32-10", "--epochs", "40", "--train-limit", "3000", "--validation",
                "300", "--test-limit", "300", "--out", out.toString()};
        Path log = dir.resolve("first.log");
        Process p = smoothkd(log, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (p.isAlive() && System.nanoTime() < deadline && !Files.exists(out.resolve("checkpoints/checkpoint.json"))) {
            Thread.sleep(100);
        }
        assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        List<String> hints = Files.readAllLines(log).stream().filter(l -> l.contains("interrupted")).toList();
        assertThat(hints).hasSize(1);
        assertThat(hints.get(0)).startsWith("smoothkd teacher: interrupted; finished epochs are kept; to continue:"
                + " smoothkd teacher ").endsWith(" --resume");
        // the printed command works
        String[] again = new String[args.length + 1];
        System.arraycopy(args, 0, again, 0, args.length);
        again[args.length] = "--resume";
        Process resumed = smoothkd(dir.resolve("second.log"), again);
        assertThat(resumed.waitFor(400, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
        assertThat(Files.readString(dir.resolve("second.log"))).contains("resuming after epoch");
        assertThat(out.resolve("provenance.json")).exists();
    }
}
