package io.smoothkd.experiments.cli;

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
                RunCommand.class, SuitesCommand.class, ReportCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public class SmoothKd implements Runnable {
    /** Exit code of a user mistake. */
    public static final int USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** A command line with SmoothKD's error handling installed. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SmoothKd());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(cmd + ": " + ex.getMessage() + " (see '" + cmd + " --help')");
            err.flush();
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String cmd = commandLine.getCommandSpec().qualifiedName();
            if (ex instanceof UserInputException) {
                err.println(cmd + ": " + ex.getMessage());
                err.flush();
                return USER_ERROR;
            }
            if (ex instanceof io.smoothkd.core.training.TrainingDivergedException) {
                err.println(cmd + ": " + ex.getMessage());
                err.flush();
                return 1;
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
