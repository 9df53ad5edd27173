package io.smoothkd.experiments.report;

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
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the cells of a results folder: every {@code cells/*.json}, in file-name order.
 * Unknown fields are kept in the raw JSON; a file that is not a JSON object is an
 * {@link IllegalArgumentException} naming the file.
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
    public static List<Cell> load(Path resultsDir) throws IOException {
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
        List<Cell> cells = new ArrayList<>(files.size());
        for (Path file : files) {
            cells.add(read(file));
        }
        return cells;
    }

    /** Reads one cell file; the id defaults to the file name without {@code .json}. */
    static Cell read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed cell file " + file + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("malformed cell file " + file + ": expected a JSON object");
        }
        String fileId = file.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode seed = root.path("seed");
        return new Cell(text(root, "id", fileId), text(root, "suite", ""), text(root, "kind", ""),
                text(root, "family", ""), text(root, "dataset", ""),
                seed.canConvertToLong() ? seed.asLong() : 0L,
                root.get("params"), root.get("metrics"));
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? fallback : node.asText();
    }
}
