package io.smoothkd.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smoothkd.core.data.AtomicFiles;
import io.smoothkd.report.model.CellLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A results ledger grown from results folders made elsewhere (seeds run in separate sessions, cluster shards without
 * a shared disk): {@link #merge} gathers their finished cells and study descriptions into one folder. Only cells and
 * the study description travel, never models, logits or checkpoints: this is how {@code docs/results/paper/} grows
 * seed by seed.
 * <ul>
 *   <li>Every folder must describe the same study: the same {@code study.json} config (else nothing is written).</li>
 *   <li>A cell already in the ledger is skipped when its file is the same, byte for byte; a cell of the same id
 *   with other contents stops the merge before anything is written (two measurements of one cell: keep one).</li>
 *   <li>The ledger's {@code study.json} keeps the config, and under {@code runs} how each merged run was made
 *   (command, commit, version, when, quick or not) with the seeds of the cells it brought; {@code run} is the
 *   latest.</li>
 * </ul>
 */
public final class Ledger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Ledger() {
    }

    /** What a merge did. */
    public record Result(int copied, int same, int total, String seeds) {
    }

    /**
     * Merges the cells and study descriptions of {@code sources} into {@code into} (the report is not rebuilt).
     *
     * @throws IllegalArgumentException when a folder is not a results folder, the studies differ, or one cell id
     *                                  has two different files; nothing is written then
     */
    public static Result merge(List<Path> sources, Path into) throws IOException {
        if (Files.exists(into) && !Files.isDirectory(into)) {
            throw new IllegalArgumentException(into + " is a file, expected a folder");
        }
        JsonNode target = readStudy(into, false);
        JsonNode config = target == null ? null : target.get("config");
        Path configFrom = into;
        Map<String, byte[]> toCopy = new LinkedHashMap<>();
        Map<String, Path> from = new LinkedHashMap<>();
        List<ObjectNode> runs = new ArrayList<>();
        int same = 0;
        for (Path src : sources) {
            if (src.toAbsolutePath().normalize().equals(into.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(src + " is the folder merged into; expected other results folders");
            }
            JsonNode study = readStudy(src, true);
            JsonNode c = study.get("config");
            if (config == null) {
                config = c;
                configFrom = src;
            } else if (!config.equals(c)) {
                throw new IllegalArgumentException(src + "/study.json describes another study than " + configFrom
                        + "/study.json (config " + firstDifference("", config, c) + "); expected the same config");
            }
            // a cell folder validated as the report reads it: a malformed or half-written cell stops the merge
            CellLoader.load(src);
            TreeSet<Integer> seeds = new TreeSet<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(src.resolve("cells"))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                byte[] bytes = Files.readAllBytes(f);
                Path existing = into.resolve("cells").resolve(name);
                byte[] before = toCopy.get(name);
                if (before == null && Files.isRegularFile(existing)) {
                    before = Files.readAllBytes(existing);
                    if (Arrays.equals(before, bytes)) {
                        same++;
                        continue;
                    }
                    throw new IllegalArgumentException("cell " + name + " differs between " + src + " and " + into
                            + " (two measurements of one cell); expected each cell once: remove one of them");
                }
                if (before != null) {
                    if (Arrays.equals(before, bytes)) {
                        continue;
                    }
                    throw new IllegalArgumentException("cell " + name + " differs between " + src + " and "
                            + from.get(name) + " (two measurements of one cell); expected each cell once");
                }
                toCopy.put(name, bytes);
                from.put(name, src);
                seeds.add(JSON.readTree(bytes).path("seed").asInt());
            }
            if (study.path("run").isObject() && !seeds.isEmpty()) { // a run that brought no new cell adds nothing
                ObjectNode run = ((ObjectNode) study.get("run")).deepCopy();
                ArrayNode s = run.putArray("seeds_merged");
                seeds.forEach(s::add);
                runs.add(run);
            }
        }
        ObjectNode merged = JSON.createObjectNode();
        ArrayNode allRuns = merged.putArray("runs");
        if (target != null && target.path("runs").isArray()) {
            target.get("runs").forEach(allRuns::add);
        } else if (target != null && target.path("run").isObject()) {
            allRuns.add(target.get("run"));
        }
        runs.forEach(allRuns::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = (target != null ? target : readStudy(sources.get(0), true))
                .fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("runs") && !e.getKey().equals("run")) {
                merged.set(e.getKey(), e.getValue());
            }
        }
        if (!allRuns.isEmpty()) {
            ObjectNode last = allRuns.get(allRuns.size() - 1).deepCopy();
            last.remove("seeds_merged");
            merged.set("run", last);
        }
        Files.createDirectories(into.resolve("cells"));
        for (Map.Entry<String, byte[]> e : toCopy.entrySet()) {
            AtomicFiles.write(into.resolve("cells").resolve(e.getKey()), e.getValue());
        }
        AtomicFiles.write(into.resolve("study.json"), JSON.writeValueAsBytes(merged));
        TreeSet<Integer> seeds = new TreeSet<>();
        int total = 0;
        try (Stream<Path> s = Files.list(into.resolve("cells"))) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                seeds.add(JSON.readTree(f.toFile()).path("seed").asInt());
                total++;
            }
        }
        return new Result(toCopy.size(), same, total, seeds.toString().replaceAll("[\\[\\]]", ""));
    }

    private static JsonNode readStudy(Path dir, boolean required) throws IOException {
        Path f = dir.resolve("study.json");
        if (!Files.isRegularFile(f)) {
            if (required) {
                throw new IllegalArgumentException("no study.json in " + dir + " (expected a results folder written by"
                        + " 'smoothkd run')");
            }
            return null;
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!n.path("config").isObject()) {
                throw new IllegalArgumentException(f + " has no config object (expected the study.json that"
                        + " 'smoothkd run' writes)");
            }
            return n;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + f + ": " + e.getOriginalMessage()
                    + " (expected the JSON that 'smoothkd run' writes)");
        }
    }

    /** The first key path at which two JSON trees differ, e.g. "parts[0].teacher.epochs: 25 vs 30". */
    public static String firstDifference(String path, JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                    return firstDifference(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k));
                }
            }
        }
        if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return firstDifference(path + "[" + i + "]", a.get(i), b.get(i));
                }
            }
        }
        return path + ": " + (a == null ? "absent" : a.toString()) + " vs " + (b == null ? "absent" : b.toString());
    }
}
