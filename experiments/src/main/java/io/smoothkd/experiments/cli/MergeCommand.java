package io.smoothkd.experiments.cli;

import io.smoothkd.report.Ledger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code smoothkd merge SRC... --into DIR}: {@link Ledger#merge} (cells and study descriptions of results folders made
 * on other machines, into one folder), then rebuilds that folder's report.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Copy the finished cells (cells/*.json) and the study description of results folders into"
                + " DIR, then rebuild DIR's report. Models, logits and checkpoints are not copied.",
                "The folders must describe the same study (study.json config); a cell id present with other"
                + " contents stops the merge before anything is written."})
public class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SRC", arity = "1..*", description = "Results folders (each with cells/ and study.json).")
    List<Path> sources;

    @Option(names = "--into", required = true, paramLabel = "DIR", description = "The folder to merge into (created"
            + " when missing), e.g. docs/results/paper.")
    Path into;

    @Override
    public Integer call() throws Exception {
        Ledger.Result r;
        try {
            r = Ledger.merge(sources, into);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        System.out.printf("merge: %d cells copied, %d already there; %s now holds %d cells (seeds %s)%n", r.copied(),
                r.same(), into, r.total(), r.seeds());
        Path md = ReportCommand.write(into);
        System.out.println("report: " + md.toAbsolutePath());
        return 0;
    }
}
