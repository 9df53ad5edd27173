package io.smoothkd.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading what teacher cells measured besides accuracy: the mutual-information curve
 * ({@code metrics.mutual_information}) and the analysis ({@code metrics.analysis}: margins, projections).
 */
final class TeacherMeasurements {
    private TeacherMeasurements() {
    }

    /** The teacher groups of a data set: hard first, then each LS α. */
    static List<Group> teachers(DatasetResults r) {
        List<Group> g = new ArrayList<>();
        if (!r.hardTeachers().isEmpty()) {
            g.add(r.hardTeachers());
        }
        g.addAll(r.lsTeachers());
        return g;
    }

    /** A summary over a group's cells of a number found in each cell's metrics (missing ones skipped). */
    static Summary over(Group g, Function<JsonNode, JsonNode> find) {
        List<Double> v = new ArrayList<>();
        for (Cell c : g.cells()) {
            JsonNode n = find.apply(c.metrics());
            if (n != null && n.isNumber() && Double.isFinite(n.asDouble())) {
                v.add(n.asDouble());
            }
        }
        return Summary.of(v);
    }

    static JsonNode mi(JsonNode metrics) {
        return metrics.path("mutual_information");
    }

    static JsonNode analysis(JsonNode metrics) {
        return metrics.path("analysis");
    }

    /** The first cell (lowest seed) of a group that carries a node. */
    static Optional<Cell> firstWith(Group g, Function<JsonNode, JsonNode> find) {
        return g.cells().stream().filter(c -> !find.apply(c.metrics()).isMissingNode()).findFirst();
    }
}
