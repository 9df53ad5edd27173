package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.MutualInformationConfig;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.runs.ResultsFolder;
import io.smoothkd.student.StudentTrainer;
import io.smoothkd.teacher.MutualInformationSettings;
import io.smoothkd.teacher.TeacherTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cell runs with: the results folder, its study part, every cell of the study, the trainers and data sets.
 * Work on a run folder happens under that folder's lock ({@link #locked}), so shards never train one run twice.
 */
public final class CellContext {
    private final Path out;
    private final StudyConfig study;
    private final List<Cell> cells;
    private final TeacherTrainer teachers;
    private final StudentTrainer students;
    private final DatasetRepository repository;
    private final TranslationCells translations;

    CellContext(Path out, StudyConfig study, List<Cell> cells, TeacherTrainer teachers, StudentTrainer students,
                DatasetRepository repository, TranslationCells translations) {
        this.out = out;
        this.study = study;
        this.cells = cells;
        this.teachers = teachers;
        this.students = students;
        this.repository = repository;
        this.translations = translations;
    }

    /** The study part the cell belongs to. */
    public StudyConfig study() {
        return study;
    }

    /** Every cell of the study, in run order. */
    public List<Cell> cells() {
        return cells;
    }

    public StudentTrainer students() {
        return students;
    }

    public DatasetRepository repository() {
        return repository;
    }

    TranslationCells translations() {
        return translations;
    }

    /** A cell's run folder, {@code runs/<id>}. */
    public Path runFolder(Cell cell) {
        return ResultsFolder.runFolder(out, cell.id());
    }

    /** The mutual-information curve the study asks teachers to record, if any. */
    static Optional<MutualInformationSettings> miSettings(StudyConfig study) {
        return Optional.ofNullable(study.mutualInformation()).map(MutualInformationConfig::settings);
    }

    /**
     * A teacher's training metrics: trained now (under its lock) unless its run folder already holds the finished
     * run, which is then reused (students of another shard and the similar-pair reference need it).
     */
    public Map<String, Object> teacher(TeacherCell teacher) throws IOException {
        return locked(teacher, () -> teachers.train(teacher.config(), runFolder(teacher), true, false,
                miSettings(study)).metrics());
    }

    /** Work on a cell's run folder. */
    public interface Work {
        Map<String, Object> run() throws IOException;
    }

    /**
     * Runs work on a cell's run folder under an exclusive file lock (across processes and shards) on
     * {@code runs/<id>.lock}; lock files are deleted once every cell of the study is finished ({@link io.smoothkd.runs.RunLock}).
     */
    public Map<String, Object> locked(Cell cell, Work work) throws IOException {
        return io.smoothkd.runs.RunLock.withLock(ResultsFolder.lockFile(out, cell.id()), work::run);
    }
}
