package io.smoothkd.report.model;

import io.smoothkd.report.stats.MeanCi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading what teacher cells measured besides accuracy: the mutual-information curve
 * ({@code metrics.mutual_information}) and the analysis ({@code metrics.analysis}: margins, projections).
 */
public final class TeacherMeasurements {
    private TeacherMeasurements() {
    }

    /** The teacher groups of a data set: hard first, then each LS α. */
    public static List<Group> teachers(DatasetResults r) {
        List<Group> g = new ArrayList<>();
        if (!r.hardTeachers().isEmpty()) {
            g.add(r.hardTeachers());
        }
        g.addAll(r.lsTeachers());
        return g;
    }

    /** A summary over a group's cells of a number found in each cell's metrics (missing ones skipped). */
    public static MeanCi over(Group g, Function<JsonNode, JsonNode> find) {
        List<Double> v = new ArrayList<>();
        for (CellResult c : g.cells()) {
            JsonNode n = find.apply(c.metrics());
            if (n != null && n.isNumber() && Double.isFinite(n.asDouble())) {
                v.add(n.asDouble());
            }
        }
        return MeanCi.of(v);
    }

    public static JsonNode mi(JsonNode metrics) {
        return metrics.path("mutual_information");
    }

    public static JsonNode analysis(JsonNode metrics) {
        return metrics.path("analysis");
    }

    /** The first cell (lowest seed) of a group that carries a node. */
    public static Optional<CellResult> firstWith(Group g, Function<JsonNode, JsonNode> find) {
        return g.cells().stream().filter(c -> !find.apply(c.metrics()).isMissingNode()).findFirst();
    }
}
