package io.smoothkd.translation.data;

/**
 * One English phrase and one German translation of it.
 *
 * @param source English
 * @param target German
 */
public record PhrasePair(String source, String target) {
    public PhrasePair {
        if (source == null || source.isEmpty() || target == null || target.isEmpty()) {
            throw new IllegalArgumentException("a phrase pair needs a non-empty source and target, got '" + source
                    + "' -> '" + target + "'");
        }
    }
}
