package io.smoothkd.report.model;

import java.util.List;

/** Human-readable class names of the built-in data sets (digits for MNIST, garment names for Fashion-MNIST). */
public final class ClassNames {
    private static final List<String> FASHION = List.of("T-shirt/top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle boot");

    private ClassNames() {
    }

    public static String of(String dataset, int c) {
        if (dataset.equals("fashion-mnist") && c >= 0 && c < FASHION.size()) {
            return FASHION.get(c);
        }
        return dataset.equals("mnist") ? "digit " + c : "class " + c;
    }
}
