package io.smoothkd.experiments.report;

import java.util.List;
import java.util.TreeSet;

/**
 * What sections see: every cell (in id order) and the teacher/student cells grouped per (suite, data set).
 *
 * @param cells    all loaded cells, any kind, in id order
 * @param datasets teacher/student results per (suite, data set), MNIST first
 */
public record ReportContext(List<Cell> cells, List<DatasetResults> datasets) {

    /** Copies the lists. */
    public ReportContext {
        cells = List.copyOf(cells);
        datasets = List.copyOf(datasets);
    }

    /** Builds the context from loaded cells. */
    public static ReportContext of(List<Cell> cells) {
        List<Cell> sorted = cells.stream().sorted(java.util.Comparator.comparing(Cell::id)).toList();
        return new ReportContext(sorted, DatasetResults.from(sorted));
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
