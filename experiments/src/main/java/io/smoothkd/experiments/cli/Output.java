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

    /** Writes a JSON object to a file through the project's one atomic, durable writer. */
    static void writeJsonAtomically(java.nio.file.Path file, Map<String, Object> values) throws java.io.IOException {
        io.smoothkd.core.data.AtomicFiles.write(file, JSON.writeValueAsBytes(values));
    }
}
