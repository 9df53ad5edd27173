package io.smoothkd.experiments.cli;

import io.smoothkd.runs.BackendCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code smoothkd}: the command line of SmoothKD. User mistakes (bad options, unreadable or malformed files,
 * out-of-range values) print one line and exit with code 2; other failures print their message (the stack
 * trace with {@code SMOOTHKD_DEBUG=1}) and exit with 1.
 */
@Command(name = "smoothkd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Knowledge distillation from smoothed teachers: train, distil and measure "
                + "(Müller, Kornblith & Hinton, \"When Does Label Smoothing Help?\", NeurIPS 2019).",
        subcommands = {TeacherCommand.class, StudentCommand.class, CalibrationCommand.class, MutualInfoCommand.class,
                RunCommand.class, SuitesCommand.class, ReportCommand.class, MergeCommand.class, BenchCommand.class,
                TranslationCommand.class, CommandLine.HelpCommand.class})
public class SmoothKd implements Runnable {
    /** Exit code of a user mistake. */
    public static final int USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--backend", paramLabel = "auto|cpu|cuda", scope = CommandLine.ScopeType.LOCAL,
            description = {"ND4J backend (before the command: smoothkd --backend cuda run ...). Default: auto, i.e. cuda"
                    + " on a build made with -Pcuda when a supported GPU is usable, else cpu (one line says why)."
                    + " An explicit cuda is checked before ND4J starts: no GPU, no driver, no CUDA 11 runtime or a GPU"
                    + " above compute capability 8.6 stops at once with exit code 2."})
    String backend;

    @picocli.CommandLine.Option(names = "--try-newer-gpu", scope = CommandLine.ScopeType.LOCAL,
            description = {"With --backend cuda: start CUDA on a GPU above compute capability 8.6 (e.g. an H100 or"
                    + " H200, 9.0) instead of refusing; whether the driver's PTX JIT runs ND4J's CUDA 11.6 kernels"
                    + " there, or CUDA fails with 'no kernel image is available', is for CUDA to tell."})
    boolean tryNewerGpu;

    /** The probe the backend check uses; tests replace it. */
    static BackendCheck.Probe probe = BackendCheck.system();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Checks the chosen backend before any command runs (and before anything touches ND4J).
     *
     * @return null when it can run, else the exit code
     */
    Integer checkBackend(CommandLine cl, boolean usesNd4j) {
        BackendCheck.Backend chosen;
        try {
            chosen = backend == null || backend.trim().equalsIgnoreCase("auto") ? BackendCheck.auto(probe).backend()
                    : BackendCheck.Backend.parse(backend);
        } catch (IllegalArgumentException e) {
            cl.getErr().println("smoothkd: " + e.getMessage());
            cl.getErr().flush();
            return USER_ERROR;
        }
        if (tryNewerGpu && chosen != BackendCheck.Backend.CUDA) {
            cl.getErr().println("smoothkd: --try-newer-gpu applies to --backend cuda only (the backend here: "
                    + chosen.name().toLowerCase(java.util.Locale.ROOT) + ")");
            cl.getErr().flush();
            return USER_ERROR;
        }
        if (!usesNd4j) {
            return null;
        }
        var problem = BackendCheck.problem(chosen, probe, tryNewerGpu);
        if (problem.isPresent()) {
            cl.getErr().println("smoothkd: " + problem.get());
            cl.getErr().flush();
            return USER_ERROR;
        }
        if (tryNewerGpu) {
            BackendCheck.newerGpu(probe).ifPresent(gpu -> {
                cl.getErr().println("smoothkd: --try-newer-gpu: trying CUDA on " + gpu + ", above the "
                        + BackendCheck.MAX_COMPUTE_CAPABILITY + " this build's kernels are made for");
                cl.getErr().flush();
            });
        }
        System.setProperty("smoothkd.backend", chosen.name().toLowerCase(java.util.Locale.ROOT));
        return null;
    }

    /** A command line with SmoothKD's error handling installed. */
    public static CommandLine commandLine() {
        SmoothKd top = new SmoothKd();
        CommandLine cl = new CommandLine(top);
        cl.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            // every provenance.json (and study.json) written by this command records how it was invoked
            io.smoothkd.runs.Provenance.recordCommandLine("smoothkd", parseResult.originalArgs());
            if (parseResult.hasSubcommand()) {
                String sub = parseResult.subcommand().commandSpec().name();
                if (!sub.equals("help")) {
                    Integer code = top.checkBackend(cl, !sub.equals("suites") && !sub.equals("merge"));
                    if (code != null) {
                        return code;
                    }
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(cmd + ": " + ex.getMessage() + suggestion(ex) + " (see '" + cmd + " --help')");
            err.flush();
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String cmd = commandLine.getCommandSpec().qualifiedName();
            // a diverged training is the settings' fault: the user's to change, like any out-of-range value
            if (ex instanceof UserInputException || ex instanceof io.smoothkd.runs.TrainingDivergedException) {
                err.println(cmd + ": " + ex.getMessage());
                err.flush();
                return USER_ERROR;
            }
            err.println(cmd + ": failed: " + ex);
            if (System.getenv("SMOOTHKD_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set SMOOTHKD_DEBUG=1 for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /** "; did you mean 'teacher'?" for a mistyped command or option (picocli's closest suggestion), else "". */
    static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return "";
        }
        java.util.List<String> s = u.getSuggestions();
        if (s.isEmpty()) {
            return "";
        }
        return "; did you mean '" + s.get(0) + "'?";
    }

    public static void main(String[] args) {
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        String hint = interruptHint(args);
        if (hint != null) {
            // Ctrl-C (SIGINT) or SIGTERM: the JVM runs the shutdown hooks; say in one line how to go on.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!finished.get()) {
                    System.err.println(hint);
                    System.err.flush();
                }
            }, "smoothkd-interrupt-hint"));
        }
        int code = commandLine().execute(args);
        finished.set(true);
        System.exit(code);
    }

    /** Commands whose interrupted work a rerun with {@code --resume} continues. */
    private static final java.util.Set<String> RESUMABLE = java.util.Set.of("run", "teacher", "student");

    /** The line printed when a resumable command is interrupted, or null for other commands. */
    static String interruptHint(String[] args) {
        String command = null;
        for (int i = 0; i < args.length && command == null; i++) {
            if (args[i].equals("--backend")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                command = args[i];
            }
        }
        if (command == null || !RESUMABLE.contains(command)) {
            return null;
        }
        java.util.List<String> again = new java.util.ArrayList<>();
        again.add("smoothkd");
        boolean resume = false;
        for (String a : args) {
            if (a.equals("--force")) {
                continue; // a rerun must continue, not start over
            }
            resume |= a.equals("--resume");
            again.add(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        if (!resume) {
            again.add("--resume");
        }
        return "smoothkd " + command + ": interrupted; finished " + (command.equals("run") ? "cells and the last"
                + " checkpoint of the training in progress are" : "epochs are") + " kept; to continue: "
                + String.join(" ", again);
    }
}
