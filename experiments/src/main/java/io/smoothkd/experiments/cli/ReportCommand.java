package io.smoothkd.experiments.cli;

import io.smoothkd.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code smoothkd report DIR}: rebuilds the report of a results folder from its cells. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Rebuild DIR/report.md, DIR/report.html and DIR/plots/*.png from"
                + " DIR/cells/*.json alone (so a report can be rebuilt anywhere, e.g. after merging cluster shards).",
                "The same cells always give byte-identical files."})
public class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Results folder holding cells/.")
    Path dir;

    @picocli.CommandLine.Option(names = "--readme", paramLabel = "README.md", description = "Also rewrite DIR's results"
            + " preview block of this README (the claims and teachers-and-students tables, or with several"
            + " distillation losses the verdict and penalty per loss) from the rebuilt report.")
    Path readme;

    @Override
    public Integer call() throws Exception {
        if (readme != null && !java.nio.file.Files.isRegularFile(readme)) {
            throw new UserInputException("--readme " + readme + ": no such file (expected a README with a results"
                    + " preview block)");
        }
        Path md = write(dir);
        System.out.println("report: " + md.toAbsolutePath());
        System.out.println("        " + md.resolveSibling("report.html").toAbsolutePath());
        if (readme != null) {
            try {
                boolean changed = io.smoothkd.report.ReadmePreview.update(readme, dir);
                System.out.println("readme: " + readme + (changed ? " (results preview rewritten)" : " (unchanged)"));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        return 0;
    }

    /** Writes the report; a missing or malformed results folder is a user error. */
    static Path write(Path dir) throws java.io.IOException {
        try {
            return ReportWriter.write(dir);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
