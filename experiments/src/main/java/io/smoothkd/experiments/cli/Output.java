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
}
