package io.smoothkd.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What determines a result: the flat, ordered settings of a training (data set, net, α, epochs, batch, learning
 * rate, limits, seed, …; for a student also the distillation settings and the teacher's own fingerprint under
 * {@code teacher.}) — never timings, paths, host names or versions. A run folder and a result cell carry the
 * fingerprint they were made with; a resume whose fingerprint differs is refused, naming the first differing key
 * and both values.
 *
 * @param keys setting → value (a string, number or boolean); lists and maps are flattened by the caller
 */
public record Fingerprint(Map<String, Object> keys) {
    /** Marks a key absent from one side of a comparison. */
    private static final String ABSENT = "(absent)";

    public Fingerprint {
        Map<String, Object> copy = new LinkedHashMap<>();
        keys.forEach((k, v) -> copy.put(k, normalise(v)));
        keys = Collections.unmodifiableMap(copy);
    }

    /** The fingerprint of a training configuration: {@link RunConfig#toMap()}. */
    public static Fingerprint of(RunConfig config) {
        return new Fingerprint(config.toMap());
    }

    /** This fingerprint with more keys, each prefixed ({@code prefix + "." + key}; no dot for an empty prefix). */
    public Fingerprint with(String prefix, Map<String, ?> more) {
        Map<String, Object> m = new LinkedHashMap<>(keys);
        more.forEach((k, v) -> m.put(prefix.isEmpty() ? k : prefix + "." + k, v));
        return new Fingerprint(m);
    }

    /** The fingerprint as read back from JSON (a map of keys to values); null or not a map gives null. */
    @SuppressWarnings("unchecked")
    public static Fingerprint fromMap(Object map) {
        if (!(map instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        ((Map<Object, Object>) m).forEach((k, v) -> keys.put(String.valueOf(k), v));
        return new Fingerprint(keys);
    }

    /**
     * The first key (in this fingerprint's order, then the other's) whose values differ.
     *
     * @return "key: stored vs wanted", or empty when the two are the same
     */
    public Optional<Difference> firstDifference(Fingerprint wanted) {
        Set<String> all = new LinkedHashSet<>(keys.keySet());
        all.addAll(wanted.keys.keySet());
        for (String k : all) {
            Object a = keys.getOrDefault(k, ABSENT);
            Object b = wanted.keys.getOrDefault(k, ABSENT);
            if (!same(a, b)) {
                return Optional.of(new Difference(k, text(a), text(b)));
            }
        }
        return Optional.empty();
    }

    /**
     * One differing key.
     *
     * @param key    the setting
     * @param stored its value in what exists
     * @param wanted its value in what was asked for now
     */
    public record Difference(String key, String stored, String wanted) {
        /** "epochs = 3 there, 30 now". */
        public String describe() {
            return key + " = " + stored + " there, " + wanted + " now";
        }
    }

    /** A plain map for JSON. */
    public Map<String, Object> toMap() {
        return keys;
    }

    private static Object normalise(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof int[] a) {
            return java.util.Arrays.toString(a);
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.toString(a);
        }
        if (v instanceof List<?> l) {
            return l.toString();
        }
        return String.valueOf(v);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(String.valueOf(a), String.valueOf(b));
    }

    private static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }
}
