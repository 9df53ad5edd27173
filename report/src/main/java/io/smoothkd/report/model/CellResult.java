package io.smoothkd.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One result cell, as read from {@code cells/<id>.json}. Only the fields the report uses are typed;
 * {@link #params()} and {@link #metrics()} keep the raw JSON, so unknown fields are carried, not lost.
 * Missing strings are empty, a missing seed is 0, missing numbers read as {@link Double#NaN}.
 *
 * @param id      stable cell id
 * @param suite   suite name, e.g. {@code mnist-distillation}
 * @param kind    {@code teacher}, {@code student}, or a kind a later suite adds
 * @param family  {@code hard}/{@code ls} (teachers), {@code labels}/{@code ls-labels}/{@code distilled} (students)
 * @param dataset data set name, e.g. {@code mnist}
 * @param seed    the run's seed
 * @param params  the {@code params} object (never null)
 * @param metrics the {@code metrics} object (never null)
 */
public record CellResult(String id, String suite, String kind, String family, String dataset, long seed,
                   JsonNode params, JsonNode metrics) {

    /** Kind of a teacher cell (the cell schema: what the engine writes and the report reads). */
    public static final String TEACHER = "teacher";
    /** Kind of a student cell (from labels, from smoothed labels, or distilled). */
    public static final String STUDENT = "student";
    /** Kind of a translation cell. */
    public static final String TRANSLATION = "translation";
    /** Every kind the engine writes. */
    public static final java.util.Set<String> KINDS = java.util.Set.of(TEACHER, STUDENT, TRANSLATION);
    /** Family of a teacher or translation model trained on hard targets. */
    public static final String HARD = "hard";
    /** Family of a teacher or translation model trained with label smoothing. */
    public static final String LS = "ls";
    /** Family of a student from hard labels. */
    public static final String LABELS = "labels";
    /** Family of a student trained with label smoothing directly. */
    public static final String LS_LABELS = "ls-labels";
    /** Family of a student distilled from a teacher. */
    public static final String DISTILLED = "distilled";

    /** The top-level fields of a cell file. */
    public static final class Field {
        public static final String ID = "id";
        public static final String SUITE = "suite";
        public static final String KIND = "kind";
        public static final String FAMILY = "family";
        public static final String DATASET = "dataset";
        public static final String SEED = "seed";
        public static final String PARAMS = "params";
        /** What determines the result (the writer's; the report does not read it). */
        public static final String FINGERPRINT = "fingerprint";
        public static final String METRICS = "metrics";
        /** The run folder, relative to the results folder. */
        public static final String RUN_FOLDER = "run_folder";
        /** Wall-clock seconds the cell took. */
        public static final String CELL_SECONDS = "cell_seconds";

        private Field() {
        }
    }

    /** Metric keys the report reads. */
    public static final String TEST_ERROR = "test_error";
    /** Test accuracy in [0, 1]. */
    public static final String TEST_ACCURACY = "test_accuracy";
    /** Validation accuracy in [0, 1]: the only number used to choose among runs. */
    public static final String VALIDATION_ACCURACY = "validation_accuracy";

    /** Checks nulls and substitutes empty objects for missing {@code params}/{@code metrics}. */
    public CellResult {
        Objects.requireNonNull(id, "id");
        suite = Objects.requireNonNullElse(suite, "");
        kind = Objects.requireNonNullElse(kind, "");
        family = Objects.requireNonNullElse(family, "");
        dataset = Objects.requireNonNullElse(dataset, "");
        params = params == null || !params.isObject() ? emptyObject() : params;
        metrics = metrics == null || !metrics.isObject() ? emptyObject() : metrics;
    }

    private static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A teacher cell. */
    public boolean isTeacher() {
        return kind.equals(TEACHER);
    }

    /** A student cell (from labels, from smoothed labels or distilled). */
    public boolean isStudent() {
        return kind.equals(STUDENT);
    }

    /** A translation cell. */
    public boolean isTranslation() {
        return kind.equals(TRANSLATION);
    }

    /** A student distilled from a teacher. */
    public boolean isDistilled() {
        return isStudent() && family.equals(DISTILLED);
    }

    /** A numeric parameter, or NaN when absent or not a number. */
    public double param(String name) {
        return number(params.get(name));
    }

    /** A text parameter, or the empty string when absent. */
    public String textParam(String name) {
        JsonNode node = params.get(name);
        return node == null || node.isNull() ? "" : node.asText();
    }

    /** A boolean parameter, false when absent. */
    public boolean flag(String name) {
        JsonNode node = params.get(name);
        return node != null && node.asBoolean(false);
    }

    /** A distilled student's loss ({@code params.loss}); {@code kd} (Hinton's, the paper's) when absent. */
    public String loss() {
        String l = textParam("loss");
        return l.isEmpty() ? "kd" : l;
    }

    /** A numeric metric, or NaN when absent or not a number. */
    public double metric(String name) {
        return number(metrics.get(name));
    }

    /** A metric's raw JSON (e.g. a reliability-diagram object or the history array); a missing node when absent. */
    public JsonNode metricNode(String name) {
        return metrics.path(name);
    }

    /** Test error in percent: {@code test_error}, else {@code 1 − test_accuracy}, times 100; NaN when neither is there. */
    public double testErrorPercent() {
        double error = metric(TEST_ERROR);
        if (Double.isNaN(error)) {
            error = 1.0 - metric(TEST_ACCURACY);
        }
        return 100.0 * error;
    }

    /** Test accuracy in percent (from {@code test_accuracy}, else {@code 1 − test_error}). */
    public double testAccuracyPercent() {
        double accuracy = metric(TEST_ACCURACY);
        if (Double.isNaN(accuracy)) {
            accuracy = 1.0 - metric(TEST_ERROR);
        }
        return 100.0 * accuracy;
    }

    private static double number(JsonNode node) {
        return node != null && node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
