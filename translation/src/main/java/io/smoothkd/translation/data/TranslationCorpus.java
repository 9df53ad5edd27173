package io.smoothkd.translation.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The phrase-translation data: cleaned pairs grouped by English phrase (the "headword" of a pair), split into
 * train, validation and test by English phrase with a seeded shuffle, so that no English phrase of the test or
 * validation set is ever trained on (with any of its translations).
 * <p>
 * Construction: every entry's pairs ({@link DictionaryEntries}), pairs longer than {@code maxChars} on either side
 * or with fewer than {@code minTargetWords} target words dropped, duplicates dropped, translations of the same
 * English phrase gathered in dictionary order (at most {@code maxReferences}); the English phrases are sorted,
 * shuffled with {@code new Random(seed)}, and the first {@code test} go to the test set, the next
 * {@code validation} to the validation set, the rest (at most {@code trainLimit}) to training.
 *
 * @param train      training examples: each reference is one training pair
 * @param validation validation examples
 * @param test       test examples
 */
public record TranslationCorpus(List<Example> train, List<Example> validation, List<Example> test) {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationCorpus.class);

    public TranslationCorpus {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * Fetches (and checks) the dictionary, then builds the corpus.
     *
     * @throws IOException when the dictionary is missing and cannot be installed, or fails its checksum
     */
    public static TranslationCorpus load(FreeDictRepository repository, CorpusOptions options) throws IOException {
        Path dir = repository.fetch();
        DictdDatabase db = DictdDatabase.read(dir.resolve(FreeDictRepository.INDEX),
                dir.resolve(FreeDictRepository.DICT));
        List<PhrasePair> pairs = new ArrayList<>();
        for (String entry : db.entries()) {
            pairs.addAll(DictionaryEntries.pairs(entry));
        }
        TranslationCorpus corpus = of(pairs, options);
        LOG.info("{} English->German pairs read, {} train / {} validation / {} test English phrases", pairs.size(),
                corpus.train().size(), corpus.validation().size(), corpus.test().size());
        return corpus;
    }

    /**
     * Filters, groups and splits pairs as described above.
     *
     * @throws IllegalArgumentException when fewer English phrases remain than validation + test + 1
     */
    public static TranslationCorpus of(List<PhrasePair> pairs, CorpusOptions options) {
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (PhrasePair p : pairs) {
            if (p.source().length() > options.maxChars() || p.target().length() > options.maxChars()
                    || p.target().split(" ").length < options.minTargetWords()) {
                continue;
            }
            List<String> refs = bySource.computeIfAbsent(p.source(), k -> new ArrayList<>());
            if (!refs.contains(p.target()) && refs.size() < options.maxReferences()) {
                refs.add(p.target());
            }
        }
        List<String> sources = new ArrayList<>(bySource.keySet());
        int needed = options.validation() + options.test() + 1;
        if (sources.size() < needed) {
            throw new IllegalArgumentException("only " + sources.size() + " English phrases are left after filtering,"
                    + " need at least " + needed + " (validation + test + 1)");
        }
        Collections.sort(sources);
        Collections.shuffle(sources, new Random(options.seed()));
        List<Example> test = examples(bySource, sources.subList(0, options.test()));
        int trainStart = options.test() + options.validation();
        List<Example> validation = examples(bySource, sources.subList(options.test(), trainStart));
        int trainEnd = options.trainLimit() == 0 ? sources.size()
                : Math.min(sources.size(), trainStart + options.trainLimit());
        List<Example> train = examples(bySource, sources.subList(trainStart, trainEnd));
        return new TranslationCorpus(train, validation, test);
    }

    private static List<Example> examples(Map<String, List<String>> bySource, List<String> sources) {
        List<Example> out = new ArrayList<>(sources.size());
        for (String s : sources) {
            out.add(new Example(s, bySource.get(s)));
        }
        return out;
    }

    /** Every (source, reference) pair of a set of examples, in order. */
    public static List<PhrasePair> pairs(List<Example> examples) {
        List<PhrasePair> out = new ArrayList<>();
        for (Example e : examples) {
            for (String r : e.references()) {
                out.add(new PhrasePair(e.source(), r));
            }
        }
        return out;
    }
}
