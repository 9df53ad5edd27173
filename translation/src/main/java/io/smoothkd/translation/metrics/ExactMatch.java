package io.smoothkd.translation.metrics;

import java.util.List;

/** The share of hypotheses equal (after trimming) to one of their references, 0–1. */
public final class ExactMatch {
    private ExactMatch() {
    }

    public static double of(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size() || hypotheses.isEmpty()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists (need the same number, at least one)");
        }
        int hits = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            String h = hypotheses.get(i).strip();
            if (references.get(i).stream().anyMatch(r -> r.strip().equals(h))) {
                hits++;
            }
        }
        return (double) hits / hypotheses.size();
    }
}
