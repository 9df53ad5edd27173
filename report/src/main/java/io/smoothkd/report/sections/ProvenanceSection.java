package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.render.Block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where the numbers come from: how the study was run (command, quick or not, SmoothKD version, git commit, when), as
 * its {@code study.json} records, and the configuration it was run with. Only recorded facts, no clock of the report's
 * own, so rebuilding from the same folder gives the same bytes.
 */
public final class ProvenanceSection implements ReportSection {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Override
    public String title() {
        return "Provenance";
    }

    @Override
    public List<Block> content(ReportContext context) {
        JsonNode study = context.study();
        List<List<String>> rows = new ArrayList<>();
        JsonNode run = study.path("run");
        if (run.isObject()) {
            run.fieldNames().forEachRemaining(k -> rows.add(List.of(k, text(run.get(k)))));
        }
        TreeSet<String> commits = new TreeSet<>();
        TreeSet<String> versions = new TreeSet<>();
        for (CellResult c : context.cells()) {
            String commit = c.metrics().path("provenance").path("git_commit").asText("");
            if (!commit.isEmpty()) {
                commits.add(commit);
            }
            String v = c.metrics().path("provenance").path("smoothkd").asText("");
            if (!v.isEmpty()) {
                versions.add(v);
            }
        }
        rows.add(List.of("cells", String.valueOf(context.cells().size())));
        rows.add(List.of("seeds", String.join(", ", new TreeSet<>(context.cells().stream().map(c -> String.valueOf(c.seed()))
                .toList()))));
        if (!commits.isEmpty()) {
            rows.add(List.of("git commits of the cells", String.join(", ", commits)));
        }
        if (!versions.isEmpty()) {
            rows.add(List.of("SmoothKD versions of the cells", String.join(", ", versions)));
        }
        List<Block> out = new ArrayList<>();
        if (!study.isObject()) {
            out.add(new Block.Paragraph("This folder has no study.json (cells copied in by hand, or an older run):"
                    + " only what the cells record is shown."));
        }
        out.add(new Block.Table(List.of("Recorded", "Value"), rows));
        JsonNode runs = study.path("runs");
        if (runs.isArray() && !runs.isEmpty()) {
            out.add(new Block.Paragraph("The cells were merged (smoothkd merge) from " + runs.size() + " run"
                    + (runs.size() == 1 ? "" : "s") + "; the table above shows the latest:"));
            List<List<String>> perRun = new ArrayList<>();
            for (JsonNode r : runs) {
                List<String> seeds = new ArrayList<>();
                r.path("seeds_merged").forEach(s -> seeds.add(s.asText()));
                perRun.add(List.of(text(r.get("ended")), String.join(", ", seeds), text(r.get("command")),
                        text(r.get("git_commit")), text(r.get("smoothkd")), text(r.get("quick"))));
            }
            out.add(new Block.Table(List.of("Ended", "Seeds merged", "Command", "Git commit", "SmoothKD", "Quick"),
                    perRun));
        }
        if (study.path("config").isObject()) {
            out.add(new Block.Paragraph("The configuration the study ran with (study.json's config, after any quick:"
                    + " overrides): " + compact(study.path("config"))));
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? ReportNumbers.MISSING : n.isValueNode() ? n.asText() : n.toString();
    }

    private static String compact(JsonNode config) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    JSON.treeToValue(config, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return config.toString();
        }
    }
}
