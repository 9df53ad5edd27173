package io.smoothkd.experiments.cli;

import io.smoothkd.experiments.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code smoothkd report DIR}: rebuilds the report of a results folder from its cells. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Rebuild DIR/report.md, a self-contained DIR/report.html and DIR/plots/*.png from"
                + " DIR/cells/*.json alone (so a report can be rebuilt anywhere, e.g. after merging cluster shards).",
                "The same cells always give byte-identical files."})
public class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Results folder holding cells/.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path md = write(dir);
        System.out.println("report: " + md.toAbsolutePath());
        System.out.println("        " + md.resolveSibling("report.html").toAbsolutePath());
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
