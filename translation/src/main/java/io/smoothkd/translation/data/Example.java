package io.smoothkd.translation.data;

import java.util.List;

/**
 * An English phrase with every kept German translation of it (the references).
 *
 * @param source     English
 * @param references German translations, the first one the dictionary's first
 */
public record Example(String source, List<String> references) {
    public Example {
        if (source == null || source.isEmpty() || references == null || references.isEmpty()) {
            throw new IllegalArgumentException("an example needs a source and at least one reference");
        }
        references = List.copyOf(references);
    }
}
