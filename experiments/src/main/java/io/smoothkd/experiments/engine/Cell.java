package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.runs.Fingerprint;

import java.io.IOException;
import java.util.Map;

/**
 * One independent unit of a suite, with a stable id: a {@link TeacherCell}, a {@link StudentCell} (from labels or
 * smoothed labels), a {@link DistilledCell} (a student distilled from a teacher cell) or a {@link TranslationCell}.
 * Each kind knows its parameters, what determines its result, and how to run itself; {@link SuiteRunner} only
 * schedules, resumes and writes. The kinds and families written are the cell schema's
 * ({@link io.smoothkd.report.model.CellResult}), which the report reads.
 *
 * <p>Adding a kind: one record implementing this (or {@link TrainingCell}), its name in {@code permits}, and the suite
 * that makes it.
 */
public sealed interface Cell permits TrainingCell, TranslationCell {
    /** Stable id: the file name {@code cells/<id>.json} and the run folder {@code runs/<id>}. */
    String id();

    /** The schema's kind, e.g. {@link io.smoothkd.report.model.CellResult#TEACHER}. */
    String kind();

    /** The schema's family, e.g. {@link io.smoothkd.report.model.CellResult#HARD}. */
    String family();

    int seed();

    /** The data set name written into the cell file. */
    String dataset();

    /** The parameters written into the cell file. */
    Map<String, Object> params();

    /** What determines the cell's training: the fingerprint its run folder records. */
    Fingerprint runFingerprint(StudyConfig study);

    /** What determines the cell's result (the fingerprint of its cell file): its training's, unless it measures more. */
    default Fingerprint cellFingerprint(StudyConfig study) {
        return runFingerprint(study);
    }

    /** Trains (or resumes, or reuses) and measures the cell in its run folder. */
    Measured run(CellContext context) throws IOException;

    /** What a finished cell writes besides its identity: its parameters and its metrics. */
    record Measured(Map<String, Object> params, Map<String, Object> metrics) {
    }

    /** Compact, stable number text for ids: 0.1 → "0.1", 4.0 → "4". */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
