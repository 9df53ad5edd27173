package io.smoothkd.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Map;

/** Writes command results to stdout. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void printJson(Map<String, Object> values) throws JsonProcessingException {
        System.out.println(JSON.writeValueAsString(values));
        System.out.flush();
    }

    /** Writes a JSON object to a file atomically (temporary file in the same folder, then rename). */
    static void writeJsonAtomically(java.nio.file.Path file, Map<String, Object> values) throws java.io.IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile(file.toAbsolutePath().getParent(),
                "." + file.getFileName(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), values);
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
