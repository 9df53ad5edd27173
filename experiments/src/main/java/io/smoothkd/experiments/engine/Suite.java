package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.StudyConfig;

import java.util.List;

/** A named study design that expands a configuration into its cells (teachers before the students using them). */
public interface Suite {
    String name();

    /** One line for {@code smoothkd suites}. */
    String description();

    List<Cell> cells(StudyConfig config);
}
