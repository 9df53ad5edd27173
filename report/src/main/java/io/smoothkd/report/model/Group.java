package io.smoothkd.report.model;

import io.smoothkd.report.stats.MeanCi;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Runs of one configuration over seeds (e.g. "student distilled from the LS teacher α = 0.1 at T = 4").
 *
 * @param label        human-readable label used in tables and legends
 * @param shortLabel   a shorter label for plot axes
 * @param alpha        α of the teacher (teachers, distilled students) or of the targets (LS students); 0 for hard
 * @param distillationTemperature distillation temperature T; NaN for anything not distilled
 * @param cells        the runs, in id order
 */
public record Group(String label, String shortLabel, double alpha, double distillationTemperature, List<CellResult> cells) {

    /** Copies the cell list. */
    public Group {
        cells = List.copyOf(cells);
    }

    /** MeanCi of one number per cell. */
    public MeanCi summary(ToDoubleFunction<CellResult> value) {
        return MeanCi.of(cells.stream().map(c -> value.applyAsDouble(c)).toList());
    }

    /** MeanCi of a metric. */
    public MeanCi metric(String name) {
        return summary(c -> c.metric(name));
    }

    /** MeanCi of test error in percent. */
    public MeanCi testErrorPercent() {
        return summary(CellResult::testErrorPercent);
    }

    /** Mean validation accuracy (NaN when no cell has one): the selection criterion for T and α. */
    public double meanValidationAccuracy() {
        return metric(CellResult.VALIDATION_ACCURACY).mean();
    }

    /** True for a group without runs. */
    public boolean isEmpty() {
        return cells.isEmpty();
    }
}
