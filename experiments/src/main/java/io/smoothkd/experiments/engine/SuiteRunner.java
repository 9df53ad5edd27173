package io.smoothkd.experiments.engine;

import io.smoothkd.runs.Shard;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.Inject;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.core.data.AtomicFiles;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.FingerprintMismatchException;
import io.smoothkd.runs.ResultsFolder;
import io.smoothkd.runs.RunFolder;
import io.smoothkd.report.model.CellResult;
import com.fasterxml.jackson.databind.JsonNode;
import io.smoothkd.student.StudentTrainer;
import io.smoothkd.teacher.TeacherTrainer;
import io.smoothkd.translation.data.FreeDictRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the cells of a suite into a results folder: {@code cells/<id>.json} per finished cell (written atomically),
 * {@code runs/<id>/} per training (resumable run folders), {@code study.json} describing the study.
 * <ul>
 *   <li>{@code resume}: finished cells are skipped; an interrupted training continues from its last checkpoint.</li>
 *   <li>{@code shard i/n}: only cells with index ≡ i (mod n). A student whose teacher belongs to another shard has the
 *   teacher trained where it is needed: under a file lock on {@code runs/<teacher>.lock}, so a teacher is trained
 *   once even when several shards need it at the same time; the others wait for the lock and then reuse it. Lock
 *   files are deleted once every cell of the study is finished ({@link io.smoothkd.runs.RunLock}), so a finished results folder
 *   holds none.</li>
 * </ul>
 */
public final class SuiteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SuiteRunner.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Map<String, Suite> suites;
    private final TeacherTrainer teachers;
    private final StudentTrainer students;
    private final DatasetRepository repository;
    private final TranslationCells translations;

    @Inject
    public SuiteRunner(Map<String, Suite> suites, TeacherTrainer teachers, StudentTrainer students,
                       DatasetRepository repository, FreeDictRepository dictionary) {
        this.suites = suites;
        this.teachers = teachers;
        this.students = students;
        this.repository = repository;
        this.translations = new TranslationCells(dictionary);
    }

    /** What a run did. */
    public record Summary(int cells, int ran, int skipped, int otherShards, List<String> missing) {
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    public Suite suite(String name) {
        Suite s = suites.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown suite '" + name + "', expected one of "
                    + String.join(", ", new java.util.TreeSet<>(suites.keySet())));
        }
        return s;
    }

    /**
     * The cells of a study, in the order they run (each part's teachers before its students, parts in order),
     * each with the part it belongs to.
     *
     * @throws IllegalArgumentException when two parts would produce the same cell id
     */
    public Map<String, StudyConfig> plan(StudyConfig config) {
        Suite suite = suite(config.suite());
        Map<String, StudyConfig> partOf = new LinkedHashMap<>();
        for (StudyConfig part : config.studies()) {
            for (Cell c : suite.cells(part)) {
                if (partOf.put(c.id(), part) != null) {
                    throw new IllegalArgumentException("two cells of the study have the id '" + c.id()
                            + "'; expected each part to use its own data set");
                }
            }
        }
        for (Cell c : TranslationCells.cells(config)) {
            partOf.put(c.id(), config);
        }
        return partOf;
    }

    /** Every cell of a study in run order: each part's cells, then the study's translation cells. */
    public List<Cell> cells(StudyConfig config) {
        Suite suite = suite(config.suite());
        List<Cell> cells = new ArrayList<>();
        for (StudyConfig part : config.studies()) {
            cells.addAll(suite.cells(part));
        }
        cells.addAll(TranslationCells.cells(config));
        return cells;
    }

    public Map<String, Suite> suites() {
        return suites;
    }

    public Summary run(StudyConfig config, Path out, Shard shard, boolean resume, boolean force) throws IOException {
        Suite suite = suite(config.suite());
        Map<String, StudyConfig> partOf = plan(config);
        List<Cell> cells = cells(config);
        Path cellsDir = out.resolve(ResultsFolder.CELLS);
        Path runsDir = out.resolve(ResultsFolder.RUNS);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("results folder " + out + " is a file, expected a folder");
        }
        boolean hasResults = ResultsFolder.holdsResults(out);
        if (hasResults && force) {
            ResultsFolder.deleteEarlierResults(out);
        } else if (hasResults && !resume) {
            throw new IllegalArgumentException("results folder " + out + " already holds results; use --resume to"
                    + " continue it or --force to start over");
        } else if (hasResults) {
            ResultsFolder.removeStaleTemporaries(out);
            // Everything there must have been made with this study's settings: checked before anything is written.
            for (Cell cell : cells) {
                verify(out, cell, partOf.get(cell.id()));
            }
        }
        Files.createDirectories(cellsDir);
        Files.createDirectories(runsDir);
        writeJson(out.resolve(ResultsFolder.STUDY), study(config, cells));
        int ran = 0;
        int skipped = 0;
        int others = 0;
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (!shard.owns(i, cell.seed())) {
                others++;
                continue;
            }
            Path file = ResultsFolder.cellFile(out, cell.id());
            if (ResultsFolder.isFinishedCell(file)) {
                skipped++;
                LOG.info("[{}/{}] {}: finished, skipped", i + 1, cells.size(), cell.id());
                continue;
            }
            if (Files.exists(file)) {
                LOG.warn("{} is empty or unreadable (an interrupted write or a power loss?): the cell runs again", file);
            }
            LOG.info("[{}/{}] {}", i + 1, cells.size(), cell.id());
            Map<String, Object> result = runCell(suite, cell, out, partOf.get(cell.id()), cells);
            writeJson(file, result);
            ran++;
        }
        List<String> missing = new ArrayList<>();
        for (Cell c : cells) {
            if (!ResultsFolder.isFinishedCell(ResultsFolder.cellFile(out, c.id()))) {
                missing.add(c.id());
            }
        }
        if (missing.isEmpty()) {
            // every cell is finished: no process can need a lock of this study any more (RunLock says why)
            io.smoothkd.runs.RunLock.removeAll(runsDir);
        }
        return new Summary(cells.size(), ran, skipped, others, missing);
    }

    /**
     * Checks that a cell's file and its run folder, where they exist, were made with the study's settings.
     *
     * @throws IllegalArgumentException naming the file, the first differing setting and both values
     */
    private void verify(Path out, Cell cell, StudyConfig study) throws IOException {
        Path file = ResultsFolder.cellFile(out, cell.id());
        if (ResultsFolder.isFinishedCell(file)) {
            JsonNode stored = JSON.readTree(file.toFile()).get(CellResult.Field.FINGERPRINT);
            if (stored == null || !stored.isObject()) {
                throw new IllegalArgumentException(file + " records no fingerprint of its settings (written by an"
                        + " earlier SmoothKD), so it cannot be resumed safely: use another --out, or --force to start"
                        + " over");
            }
            Fingerprint wanted = cell.cellFingerprint(study);
            Fingerprint.fromMap(JSON.convertValue(stored, Map.class)).firstDifference(wanted).ifPresent(d -> {
                throw new FingerprintMismatchException(file + " was computed with other settings (" + d.describe()
                        + "): use another --out, or --force to start over", d);
            });
        }
        Path run = ResultsFolder.runFolder(out, cell.id());
        if (Files.isDirectory(run) && RunFolder.holdsRun(run)) {
            try {
                RunFolder.verify(run, cell.kind(), cell.runFingerprint(study));
            } catch (FingerprintMismatchException e) {
                throw new FingerprintMismatchException("run folder " + run + " was made with other settings ("
                        + e.difference().describe() + "): use another --out, or --force to start over",
                        e.difference());
            }
        }
    }

    private Map<String, Object> runCell(Suite suite, Cell cell, Path out, StudyConfig study, List<Cell> all)
            throws IOException {
        long start = System.nanoTime();
        Cell.Measured measured = cell.run(new CellContext(out, study, all, teachers, students, repository,
                translations));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(CellResult.Field.ID, cell.id());
        m.put(CellResult.Field.SUITE, suite.name());
        m.put(CellResult.Field.KIND, cell.kind());
        m.put(CellResult.Field.FAMILY, cell.family());
        m.put(CellResult.Field.DATASET, cell.dataset());
        m.put(CellResult.Field.SEED, cell.seed());
        m.put(CellResult.Field.PARAMS, measured.params());
        m.put(CellResult.Field.FINGERPRINT, cell.cellFingerprint(study).toMap());
        m.put(CellResult.Field.METRICS, measured.metrics());
        m.put(CellResult.Field.RUN_FOLDER, "runs/" + cell.id());
        m.put(CellResult.Field.CELL_SECONDS, (System.nanoTime() - start) / 1e9);
        return m;
    }

    private static Map<String, Object> study(StudyConfig config, List<Cell> cells) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("config", config);
        s.put("cells", cells.stream().map(Cell::id).toList());
        return s;
    }

    static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, o -> JSON.writeValue(AtomicFiles.nonClosing(o), value));
    }
}
