package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.StudyConfig;

import java.util.List;

/**
 * The translation study alone: no teachers or students, only the cells of the config's {@code translation:} block,
 * which {@link SuiteRunner} adds to every study that has one.
 */
public final class TranslationSuite implements Suite {
    @Override
    public String name() {
        return "translation";
    }

    @Override
    public String description() {
        return "EN→DE dictionary phrases, char-level encoder–decoder, hard vs LS (± TS): token ECE/NLL, BLEU/chrF by beam width";
    }

    @Override
    public List<Cell> cells(StudyConfig config) {
        return List.of();
    }
}
