package io.smoothkd.experiments.cli;

import io.smoothkd.runs.Shard;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.experiments.engine.EngineModule;
import io.smoothkd.experiments.engine.SuiteRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code smoothkd run SUITE}: runs a suite's cells into a results folder, then writes the report. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run a suite (see 'smoothkd suites'): its cells are written to DIR/cells/<id>.json, its"
                + " trainings to DIR/runs/<id>/; when every cell is finished the report is written to DIR/report.md"
                + " and DIR/report.html.",
                "Without --config the suite's committed config (configs/<suite>.yaml) is used."})
public class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SUITE", description = "Suite name, e.g. paper or mnist-distillation.")
    String suite;

    @Option(names = "--quick", description = "Apply the config's quick: overrides (minutes instead of hours).")
    boolean quick;

    @Option(names = "--config", paramLabel = "F.yaml", description = "Study config (default: configs/SUITE.yaml).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder (default: results/SUITE[-quick]).")
    Path out;

    @Option(names = "--seeds", paramLabel = "N", description = "Number of seeds (overrides the config).")
    Integer seeds;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only the cells whose index = i (mod n).")
    String shard;

    @Option(names = "--only-seeds", paramLabel = "LIST", description = "Run only the cells of these seeds (2, 1,3"
            + " or 2-4), e.g. one whole seed, its teachers and all their students, per run on a machine whose run"
            + " folders do not last.")
    String onlySeeds;

    @Option(names = "--resume", description = "Skip finished cells; continue interrupted trainings.")
    boolean resume;

    @Option(names = "--force", description = "Delete the folder's earlier cells and runs first.")
    boolean force;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--list", description = "Print the study's cells (index, id) and their number; run nothing."
            + " With --shard, only that shard's cells.")
    boolean list;

    @Override
    public Integer call() throws IOException {
        TrainingCommands.resumeOrForce(resume, force);
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        try {
            runner.suite(suite);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        StudyConfig study;
        try {
            study = config != null ? ConfigLoader.load(config, quick) : ConfigLoader.builtIn(suite, quick);
        } catch (ConfigLoader.InvalidConfigException e) {
            throw new UserInputException(e.getMessage());
        }
        if (!study.suite().equals(suite)) {
            throw new UserInputException("--config " + config + " describes suite '" + study.suite()
                    + "', but suite '" + suite + "' was asked for");
        }
        if (seeds != null) {
            if (seeds < 1) {
                throw new UserInputException("--seeds " + seeds + ": expected a number >= 1");
            }
            study = study.withSeeds(seeds);
        }
        Shard part;
        try {
            part = shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--shard: " + e.getMessage());
        }
        if (onlySeeds != null) {
            try {
                part = part.onlySeeds(Shard.parseSeeds(onlySeeds, study.seeds()));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--only-seeds " + e.getMessage());
            }
        }
        if (list) {
            java.util.List<io.smoothkd.experiments.engine.Cell> cells;
            try {
                runner.plan(study);
                cells = runner.cells(study);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
            int shown = 0;
            for (int i = 0; i < cells.size(); i++) {
                if (part.owns(i, cells.get(i).seed())) {
                    System.out.printf("%5d  %s%n", i, cells.get(i).id());
                    shown++;
                }
            }
            System.out.printf("%s: %d cells%s%n", suite, cells.size(),
                    shard == null && onlySeeds == null ? "" : " (" + shown + " in " + describe() + ")");
            return 0;
        }
        Path dir = out != null ? out : Path.of("results", suite + (quick ? "-quick" : ""));
        StudyConfig s = study;
        Shard selected = part;
        SuiteRunner.Summary summary = TrainingCommands.run(() -> runner.run(s, dir, selected, resume, force));
        recordRun(dir);
        System.out.printf("%s: %d cells (%d run now, %d already finished, %d in other shards)%n", suite,
                summary.cells(), summary.ran(), summary.skipped(), summary.otherShards());
        if (summary.complete()) {
            Path md = ReportCommand.write(dir);
            System.out.println("report: " + md.toAbsolutePath());
            System.out.println("        " + md.resolveSibling("report.html").toAbsolutePath());
        } else {
            System.out.printf("%d cells not finished yet (%s); when all are: smoothkd report %s%n",
                    summary.missing().size(), onlySeeds == null ? "other shards" : "other shards or seeds", dir);
        }
        return 0;
    }

    private String describe() {
        String s = shard == null ? "" : "shard " + shard;
        return onlySeeds == null ? s : (s.isEmpty() ? "" : s + ", ") + "seeds " + onlySeeds;
    }

    /**
     * Adds to {@code DIR/study.json} how this run was made ({@code run}: quick or not, the command line, SmoothKD's
     * version, the git commit, when it ended), for the report's summary and provenance.
     */
    private void recordRun(Path dir) throws IOException {
        Path file = dir.resolve("study.json");
        if (!java.nio.file.Files.isRegularFile(file)) {
            return;
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode study =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode run = study.putObject("run");
        run.put("quick", quick);
        run.put("command", io.smoothkd.runs.Provenance.commandLine());
        run.put("smoothkd", io.smoothkd.runs.Provenance.smoothKdVersion());
        run.put("git_commit", io.smoothkd.runs.Provenance.gitCommit());
        run.put("ended", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        io.smoothkd.core.data.AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(study));
    }
}
