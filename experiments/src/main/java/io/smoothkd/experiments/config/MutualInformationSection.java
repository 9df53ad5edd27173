package io.smoothkd.experiments.config;

import java.util.List;

/**
 * The mutual-information curve measured while each teacher trains (paper §5): two classes, {@code per_class}
 * training examples of each (the paper: 300, N = 600), {@code copies} augmented copies (L = 5), every
 * {@code every} iterations.
 */
public record MutualInformationSection(List<Integer> classes, Integer perClass, Integer copies, Integer every) {
    public MutualInformationSection {
        classes = classes == null ? List.of(0, 1) : List.copyOf(classes);
        perClass = perClass == null ? 300 : perClass;
        copies = copies == null ? 5 : copies;
        every = every == null ? 200 : every;
        if (classes.size() != 2 || classes.get(0).equals(classes.get(1)) || classes.get(0) < 0 || classes.get(1) < 0) {
            throw new IllegalArgumentException("mutual_information.classes: expected two different class indices, got "
                    + classes);
        }
        Checks.atLeast("mutual_information.per_class", perClass, 1);
        Checks.atLeast("mutual_information.copies", copies, 2);
        Checks.atLeast("mutual_information.every", every, 1);
    }
}
