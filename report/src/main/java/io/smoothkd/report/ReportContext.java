package io.smoothkd.report;

import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.DatasetResults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.List;
import java.util.TreeSet;

/**
 * What sections see: every cell (in id order), the teacher/student cells grouped per (suite, data set), and the
 * folder's {@code study.json} (configuration and how the study was run), when there is one.
 *
 * @param cells    all loaded cells, any kind, in id order
 * @param datasets teacher/student results per (suite, data set), MNIST first
 * @param study    the parsed {@code study.json}, or a missing node
 */
public record ReportContext(List<CellResult> cells, List<DatasetResults> datasets, JsonNode study) {

    /** Copies the lists. */
    public ReportContext {
        cells = List.copyOf(cells);
        datasets = List.copyOf(datasets);
        study = study == null ? MissingNode.getInstance() : study;
    }

    /** A context without a study description. */
    public ReportContext(List<CellResult> cells, List<DatasetResults> datasets) {
        this(cells, datasets, null);
    }

    /** Builds the context from loaded cells. */
    public static ReportContext of(List<CellResult> cells) {
        return of(cells, null);
    }

    /** Builds the context from loaded cells and the folder's study description (null: none). */
    public static ReportContext of(List<CellResult> cells, JsonNode study) {
        List<CellResult> sorted = cells.stream().sorted(java.util.Comparator.comparing(CellResult::id)).toList();
        return new ReportContext(sorted, DatasetResults.from(sorted), study);
    }

    /** Whether the study was run with {@code --quick} (a smoke test), as its {@code study.json} records. */
    public boolean quick() {
        return study.path("run").path("quick").asBoolean(false);
    }

    /** Whether dataset labels need the suite name (more than one suite has teacher/student cells). */
    public boolean severalSuites() {
        return new TreeSet<>(datasets.stream().map(DatasetResults::suite).toList()).size() > 1;
    }

    /** Heading/column label of one (suite, data set). */
    public String label(DatasetResults results) {
        return results.label(severalSuites());
    }
}
