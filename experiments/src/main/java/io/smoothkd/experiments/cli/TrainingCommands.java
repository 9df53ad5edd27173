package io.smoothkd.experiments.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What the teacher and student commands share: error mapping and the closing summary. */
final class TrainingCommands {
    private TrainingCommands() {
    }

    /** A training that may fail on the user's input. */
    interface Training<T> {
        T run() throws IOException;
    }

    /** {@code --resume} continues a folder's run and {@code --force} deletes it: both at once is a mistake. */
    static void resumeOrForce(boolean resume, boolean force) {
        if (resume && force) {
            throw new UserInputException("--resume and --force contradict each other (--resume continues the folder's"
                    + " run, --force deletes it): give one of them");
        }
    }

    /** Runs a training; a bad argument, folder or data file becomes a one-line user error (exit 2). */
    static <T> T run(Training<T> training) {
        try {
            return training.run();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        } catch (IOException e) {
            throw new UserInputException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    static void printSummary(String kind, Path folder, Map<String, Object> m) {
        System.out.printf("%s%n  run folder        %s%n", kind, folder);
        System.out.printf("  test error        %.2f %%  (n = %s)%n", 100 * num(m, "test_error"), m.get("test_n"));
        System.out.printf("  test ECE / NLL    %.4f / %.4f%n", num(m, "test_ece"), num(m, "test_nll"));
        System.out.printf("  temperature (val) %.3f%s -> test ECE %.4f, NLL %.4f%n", num(m, "temperature"),
                Boolean.TRUE.equals(m.get("temperature_at_bound")) ? " (the fit's bound: no NLL minimum inside it,"
                        + " not an optimum)" : "", num(m, "test_ece_after_scaling"), num(m, "test_nll_after_scaling"));
        System.out.printf("  epochs            %s (best %s), %.0f ex/s%n", m.get("epochs_run"), m.get("best_epoch"),
                num(m, "mean_examples_per_second"));
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
