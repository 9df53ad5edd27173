package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.experiments.config.TranslationConfig;
import io.smoothkd.runs.RunFolder;
import io.smoothkd.translation.TranslationResults;
import io.smoothkd.translation.TranslationResult;
import io.smoothkd.translation.TranslationStudy;
import io.smoothkd.translation.data.CorpusOptions;
import io.smoothkd.translation.data.FreeDictRepository;
import io.smoothkd.translation.data.TranslationCorpus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The translation cells of a study (its top-level {@code translation:} block): for every seed, one model per α, each
 * trained and measured by {@link TranslationStudy}. The dictionary is parsed once per split setting and shared by
 * the cells. A cell's run folder holds its {@code metrics.json}; an interrupted cell is trained again from the start.
 */
final class TranslationCells {
    private final FreeDictRepository repository;
    private final Map<CorpusOptions, TranslationCorpus> corpora = new LinkedHashMap<>();

    TranslationCells(FreeDictRepository repository) {
        this.repository = repository;
    }

    /** The translation cells of a study, seeds outer, α inner; none without a {@code translation:} block. */
    static List<Cell> cells(StudyConfig config) {
        List<Cell> cells = new ArrayList<>();
        TranslationConfig t = config.translation();
        if (t == null) {
            return cells;
        }
        for (int seed = 1; seed <= config.seeds(); seed++) {
            for (double alpha : t.alphas()) {
                cells.add(new TranslationCell(t, alpha, seed));
            }
        }
        return cells;
    }

    /** Trains and measures one translation cell; writes {@code metrics.json} into its run folder. */
    Map<String, Object> run(TranslationCell cell, RunFolder runFolder) throws IOException {
        TranslationConfig t = cell.settings();
        TranslationCorpus corpus = corpus(t.options().corpus());
        TranslationResult result = TranslationStudy.run(corpus, t.options(), cell.alpha(), cell.seed(),
                provenance(corpus));
        Map<String, Object> metrics = TranslationResults.metrics(result);
        SuiteRunner.writeJson(runFolder.resolve(RunFolder.METRICS), metrics);
        return metrics;
    }

    synchronized TranslationCorpus corpus(CorpusOptions options) throws IOException {
        TranslationCorpus c = corpora.get(options);
        if (c == null) {
            c = TranslationCorpus.load(repository, options);
            corpora.put(options, c);
        }
        return c;
    }

    Map<String, Object> provenance(TranslationCorpus corpus) {
        Map<String, Object> p = new LinkedHashMap<>(repository.provenance());
        p.putAll(TranslationStudy.splitSizes(corpus));
        return p;
    }
}
