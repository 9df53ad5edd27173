package io.smoothkd.experiments.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a study YAML into a validated {@link StudyConfig}. Under {@code quick} the file's {@code quick:} block is
 * merged over the rest first. Every problem is an {@link InvalidConfigException} with one line naming the file and
 * the key: an unknown key lists the valid ones, an out-of-range value gives the range.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private ConfigLoader() {
    }

    /** A config error: one line naming the file and key. */
    public static final class InvalidConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidConfigException(String message) {
            super(message);
        }
    }

    public static StudyConfig load(Path file, boolean quick) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("config " + file + ": " + (Files.isDirectory(file) ? "is a directory"
                    : "file not found") + ", expected a YAML study file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString(), quick);
        } catch (IOException e) {
            throw new InvalidConfigException("config " + file + ": " + e.getMessage());
        }
    }

    /** The committed default config of a suite ({@code configs/<suite>.yaml} on the classpath). */
    public static StudyConfig builtIn(String suite, boolean quick) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/configs/" + suite + ".yaml")) {
            if (in == null) {
                throw new InvalidConfigException("no built-in config for suite '" + suite + "'");
            }
            return parse(in, "configs/" + suite + ".yaml", quick);
        } catch (IOException e) {
            throw new InvalidConfigException("configs/" + suite + ".yaml: " + e.getMessage());
        }
    }

    static StudyConfig parse(InputStream in, String name, boolean quick) {
        JsonNode tree;
        try {
            tree = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new InvalidConfigException("config " + name + ": " + yamlProblem(e));
        } catch (IOException e) {
            throw new InvalidConfigException("config " + name + ": " + e.getMessage());
        }
        if (!quick && tree != null && tree.isObject() && hasQuickBlock(tree)) {
            // The quick: overrides are checked even without --quick: a typo there must not wait for the next --quick.
            try {
                parseTree(tree, name, true);
            } catch (InvalidConfigException e) {
                throw new InvalidConfigException(e.getMessage() + " (in the quick: overrides, which are checked"
                        + " without --quick too)");
            }
        }
        return parseTree(tree, name, quick);
    }

    private static boolean hasQuickBlock(JsonNode tree) {
        if (tree.has("quick")) {
            return true;
        }
        JsonNode parts = tree.get("parts");
        if (parts != null && parts.isArray()) {
            for (JsonNode p : parts) {
                if (p.isObject() && p.has("quick")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A YAML syntax problem in plain words: where it is, which key it is under, what is wrong — not the parser's
     * vocabulary (tags, anchors, scalars, tokens).
     */
    static String yamlProblem(JacksonException e) {
        String raw = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String key = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getProcessor()
                instanceof com.fasterxml.jackson.core.JsonParser parser ? currentKey(parser) : null;
        String under = key == null ? "" : " (under key '" + key + "')";
        java.util.regex.Matcher dup = java.util.regex.Pattern.compile("Duplicate (?:field|Object property) [\"']([^\"']+)")
                .matcher(raw);
        if (dup.find()) {
            String k = key == null ? dup.group(1) : key;
            return "key '" + k + "' is given twice" + where + "; expected each key once (a later one would silently"
                    + " replace the first)";
        }
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        String what;
        if (lower.contains("alias") || lower.contains("anchor")) {
            what = "uses a YAML reference (&name / *name) that this config format does not support, or one that is"
                    + " not defined; write the value out";
        } else if (lower.contains("tag")) {
            what = "uses an explicit type tag (!!type or !name), which this config format does not support; write the"
                    + " plain value";
        } else if (lower.contains("mapping values are not allowed") || lower.contains("expected <block end>")
                || lower.contains("could not find expected ':'")) {
            what = "indentation or a missing ':' breaks the key: value structure; expected 'key: value' lines, nested"
                    + " keys indented under their section";
        } else if (lower.contains("found character '\\t'") || lower.contains("tab")) {
            what = "a tab character is used for indentation; YAML needs spaces";
        } else {
            what = "is not valid YAML (" + raw.lines().findFirst().orElse("").trim() + ")";
        }
        return "not valid YAML" + where + under + ": " + what;
    }

    private static String currentKey(com.fasterxml.jackson.core.JsonParser parser) {
        try {
            com.fasterxml.jackson.core.JsonStreamContext c = parser.getParsingContext();
            java.util.List<String> names = new java.util.ArrayList<>();
            for (; c != null; c = c.getParent()) {
                if (c.getCurrentName() != null) {
                    names.add(0, c.getCurrentName());
                }
            }
            return names.isEmpty() ? null : String.join(".", names);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static StudyConfig parseTree(JsonNode tree, String name, boolean quick) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidConfigException("config " + name + ": expected a YAML mapping of keys (suite, data, seeds,"
                    + " teacher, student, ...)");
        }
        ObjectNode root = ((ObjectNode) tree).deepCopy();
        JsonNode quickNode = root.remove("quick");
        if (quickNode != null && !quickNode.isObject()) {
            throw new InvalidConfigException("config " + name + ": quick: expected a mapping of overrides");
        }
        JsonNode partsNode = root.remove("parts");
        if (quickNode != null && quickNode.has("parts")) {
            throw new InvalidConfigException("config " + name + ": quick: cannot override parts; give each part its"
                    + " own quick: block");
        }
        if (partsNode != null) {
            if (!partsNode.isArray() || partsNode.isEmpty()) {
                throw new InvalidConfigException("config " + name + ": parts: expected a list of mappings (one part per"
                        + " data set, each with the top-level keys it changes)");
            }
            com.fasterxml.jackson.databind.node.ArrayNode resolved = root.arrayNode();
            for (int i = 0; i < partsNode.size(); i++) {
                JsonNode part = partsNode.get(i);
                if (!part.isObject()) {
                    throw new InvalidConfigException("config " + name + ": parts[" + i + "]: expected a mapping of keys");
                }
                ObjectNode own = ((ObjectNode) part).deepCopy();
                JsonNode partQuick = own.remove("quick");
                if (partQuick != null && !partQuick.isObject()) {
                    throw new InvalidConfigException("config " + name + ": parts[" + i
                            + "].quick: expected a mapping of overrides");
                }
                if (own.has("parts")) {
                    throw new InvalidConfigException("config " + name + ": parts[" + i + "]: a part cannot have parts");
                }
                // A part is the top-level keys with its own merged over them; under --quick, the top-level quick:
                // block and then the part's own quick: block are merged over that.
                ObjectNode merged = root.deepCopy();
                merge(merged, own);
                if (quick && quickNode != null) {
                    merge(merged, (ObjectNode) quickNode);
                }
                if (quick && partQuick != null) {
                    merge(merged, (ObjectNode) partQuick);
                }
                resolved.add(merged);
            }
            root.set("parts", resolved);
        }
        if (quick && quickNode != null) {
            merge(root, (ObjectNode) quickNode);
        }
        try {
            return YAML.treeToValue(root, StudyConfig.class);
        } catch (UnrecognizedPropertyException e) {
            if ("<<".equals(e.getPropertyName())) {
                throw new InvalidConfigException("config " + name + ": '" + path(e) + "': YAML merge keys (<<: *name)"
                        + " are not supported; write the keys out");
            }
            String valid = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)).toString();
            throw new InvalidConfigException("config " + name + ": unknown key '" + path(e) + "'; valid keys here: "
                    + valid.replace("[", "").replace("]", "") + (path(e).contains(".") ? "" : ", quick"));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidConfigException("config " + name + ": " + cause.getMessage());
        } catch (InvalidFormatException e) {
            throw new InvalidConfigException("config " + name + ": '" + path(e) + "': value " + e.getValue()
                    + " is not a valid " + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw new InvalidConfigException("config " + name + ": '" + path(e) + "': expected "
                    + expected(e.getTargetType()) + ", got " + got(e));
        } catch (JacksonException e) {
            throw new InvalidConfigException("config " + name + ": " + (e instanceof
                    com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty() ? "'" + path(m)
                    + "': " : "") + e.getOriginalMessage().replaceAll("`[^`]*\\.([A-Za-z]+)`", "$1"));
        }
    }

    /** What a key's type expects, in words. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list [..]";
        }
        return "a mapping of keys (key: value lines)";
    }

    /** What the config gave where a mismatch was found, in words. */
    private static String got(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        com.fasterxml.jackson.core.JsonToken t = e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p
                ? p.currentToken() : null;
        if (t == null) {
            return "something else";
        }
        return switch (t) {
            case START_ARRAY, END_ARRAY -> "a list";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "a mapping";
            case VALUE_NUMBER_INT -> "the integer " + text(e);
            case VALUE_NUMBER_FLOAT -> "the number " + text(e);
            case VALUE_STRING -> "the text '" + text(e) + "'";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "nothing";
            default -> "something else";
        };
    }

    private static String text(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        try {
            return ((com.fasterxml.jackson.core.JsonParser) e.getProcessor()).getText();
        } catch (IOException | RuntimeException ex) {
            return "?";
        }
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode o) {
                merge(c, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }
}
