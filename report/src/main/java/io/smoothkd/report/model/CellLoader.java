package io.smoothkd.report.model;

import io.smoothkd.report.model.CellResult;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the cells of a results folder: every {@code cells/*.json}, in file-name order, each validated against the
 * cell schema users' scripts rely on before anything is computed from it: {@code id} a
 * non-empty string, given once in the folder; {@code kind} one of teacher, student, translation; {@code dataset} and
 * {@code family} strings; {@code seed} an integer; {@code params} and {@code metrics} objects; every number finite;
 * a teacher's or student's {@code test_error}, {@code test_ece} and {@code validation_accuracy} present, and errors,
 * accuracies and calibration errors in [0, 1]. A file that breaks it is an {@link IllegalArgumentException} of one
 * line naming the file and the field. Unknown fields are kept in the raw JSON.
 */
public final class CellLoader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private CellLoader() {
    }

    /**
     * Loads {@code resultsDir/cells/*.json}.
     *
     * @throws IllegalArgumentException when the cells folder is missing or a file is not a valid cell
     * @throws IOException              when a file cannot be read
     */
    public static List<CellResult> load(Path resultsDir) throws IOException {
        Path cellsDir = resultsDir.resolve("cells");
        if (!Files.isDirectory(cellsDir)) {
            throw new IllegalArgumentException("no cells folder: " + cellsDir + " (expected a results folder with cells/*.json)");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(cellsDir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        List<CellResult> cells = new ArrayList<>(files.size());
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files) {
            CellResult cell = read(file);
            Path first = seen.putIfAbsent(cell.id(), file);
            if (first != null) {
                throw new IllegalArgumentException("malformed cell file " + file + ": id '" + cell.id()
                        + "' is also the id of " + first + " (a copied cell?); expected each cell once");
            }
            cells.add(cell);
        }
        return cells;
    }

    /** Reads one cell file; the id defaults to the file name without {@code .json}. */
    static CellResult read(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new IllegalArgumentException("malformed cell file " + file + ": the file is empty (an interrupted"
                    + " write?), expected a JSON object; 'smoothkd run ... --resume' runs such a cell again");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed cell file " + file + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("malformed cell file " + file + ": expected a JSON object");
        }
        validate(file, root);
        return new CellResult(root.get(CellResult.Field.ID).asText(), text(root, CellResult.Field.SUITE, ""),
                text(root, CellResult.Field.KIND, ""), text(root, CellResult.Field.FAMILY, ""),
                text(root, CellResult.Field.DATASET, ""), root.get(CellResult.Field.SEED).asLong(),
                root.get(CellResult.Field.PARAMS), root.get(CellResult.Field.METRICS));
    }

    /** Metrics every teacher and student cell has. */
    private static final List<String> REQUIRED = List.of("test_error", "test_ece", "validation_accuracy");
    /** Metrics that are fractions. */
    private static final Set<String> FRACTIONS = Set.of("test_error", "test_accuracy", "validation_accuracy",
            "test_ece", "test_mce", "test_ece_after_scaling");
    /** Metrics that are non-negative. */
    private static final Set<String> NON_NEGATIVE = Set.of("test_nll", "test_nll_after_scaling", "validation_nll",
            "test_brier");
    private static final java.util.regex.Pattern NON_FINITE_TEXT = java.util.regex.Pattern.compile(
            "[+-]?(nan|inf|infinity)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Checks one cell against the schema; the first problem is an IllegalArgumentException naming file and field. */
    static void validate(Path file, JsonNode root) {
        String where = "malformed cell file " + file + ": ";
        for (String field : new String[] {"id", "kind", "dataset"}) {
            JsonNode n = root.get(field);
            if (n == null || !n.isTextual() || n.asText().isBlank()) {
                throw new IllegalArgumentException(where + field + " is " + describe(n) + ", expected a non-empty"
                        + " string");
            }
        }
        String kind = root.get("kind").asText();
        if (!CellResult.KINDS.contains(kind)) {
            throw new IllegalArgumentException(where + "kind '" + kind + "' is unknown, expected one of "
                    + String.join(", ", new java.util.TreeSet<>(CellResult.KINDS)));
        }
        JsonNode family = root.get("family");
        if (family == null || !family.isTextual()) {
            throw new IllegalArgumentException(where + "family is " + describe(family) + ", expected a string");
        }
        JsonNode seed = root.get("seed");
        if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new IllegalArgumentException(where + "seed is " + describe(seed) + ", expected an integer");
        }
        for (String field : new String[] {"params", "metrics"}) {
            JsonNode n = root.get(field);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(where + field + " is " + describe(n) + ", expected an object");
            }
            finite(where, field, n);
        }
        JsonNode metrics = root.get("metrics");
        if (!kind.equals(CellResult.TRANSLATION)) {
            for (String key : REQUIRED) {
                if (!metrics.has(key)) {
                    throw new IllegalArgumentException(where + "metrics." + key + " is missing, expected a number");
                }
            }
        }
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            boolean scalar = FRACTIONS.contains(key) || NON_NEGATIVE.contains(key) || key.equals("temperature");
            if (scalar && !v.isNumber() || v.isTextual() && NON_FINITE_TEXT.matcher(v.asText().trim()).matches()) {
                throw new IllegalArgumentException(where + "metrics." + key + " is " + describe(v)
                        + ", expected a finite number");
            }
            double d = v.asDouble();
            if (FRACTIONS.contains(key) && !(d >= 0 && d <= 1)) {
                throw new IllegalArgumentException(where + "metrics." + key + " is " + v + ", expected a number in"
                        + " [0, 1]");
            }
            if (NON_NEGATIVE.contains(key) && !(d >= 0)) {
                throw new IllegalArgumentException(where + "metrics." + key + " is " + v + ", expected a number >= 0");
            }
            if (key.equals("temperature") && !(d > 0)) {
                throw new IllegalArgumentException(where + "metrics.temperature is " + v + ", expected a number > 0");
            }
        }
        JsonNode alpha = root.get("params").get("alpha");
        if (alpha != null && !(alpha.isNumber() && alpha.asDouble() >= 0 && alpha.asDouble() < 1)) {
            throw new IllegalArgumentException(where + "params.alpha is " + describe(alpha) + ", expected a number in"
                    + " [0, 1)");
        }
    }

    /** Every number below {@code node} must be finite (NaN and ±Infinity tokens are refused). */
    private static void finite(String where, String path, JsonNode node) {
        if (node.isNumber()) {
            if (!Double.isFinite(node.asDouble())) {
                throw new IllegalArgumentException(where + path + " is " + node.asText() + ", expected a finite number");
            }
        } else if (node.isObject()) {
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                finite(where, path + "." + e.getKey(), e.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                finite(where, path + "[" + i + "]", node.get(i));
            }
        }
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        if (n.isTextual()) {
            return "the string \"" + n.asText() + "\"";
        }
        String text = n.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? fallback : node.asText();
    }
}
