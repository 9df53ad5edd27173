package io.smoothkd.experiments.cli;

import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.experiments.config.TranslationConfig;
import io.smoothkd.translation.TranslationResults;
import io.smoothkd.translation.TranslationResult;
import io.smoothkd.translation.TranslationStudy;
import io.smoothkd.translation.data.FreeDictRepository;
import io.smoothkd.translation.data.TranslationCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code smoothkd translation}: the translation study without the suite machinery — trains one model per α on the
 * dictionary phrases and prints token ECE/NLL and BLEU/chrF/exact match per beam width, with and without
 * temperature scaling; writes one JSON per model into {@code --out}.
 */
@Command(name = "translation", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"English->German dictionary phrases (Debian dict-freedict-eng-deu, installed when missing and"
                + " root): a character-level encoder-decoder with attention per label smoothing alpha, temperature"
                + " scaling fitted on validation, greedy and beam-search decoding. Prints token-level ECE and NLL"
                + " (teacher-forced) and BLEU (sacreBLEU default), chrF2 and exact match per beam width, for each"
                + " model as trained and temperature-scaled; writes DIR/translation-a<alpha>-s<seed>.json.",
                "Settings come from the translation: block of configs/translation.yaml (or --config)."})
public class TranslationCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Apply the config's quick: overrides (about two minutes).")
    boolean quick;

    @Option(names = "--config", paramLabel = "F.yaml", description = "Study config with a translation: block"
            + " (default: configs/translation.yaml).")
    Path config;

    @Option(names = "--alpha", paramLabel = "A", split = ",", description = "Label smoothing values (override the"
            + " config's translation.alphas), e.g. --alpha 0,0.1.")
    List<Double> alphas;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the JSON results.")
    Path out;

    @Option(names = "--force", description = "Replace earlier results in DIR.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        StudyConfig study;
        try {
            study = config != null ? ConfigLoader.load(config, quick) : ConfigLoader.builtIn("translation", quick);
        } catch (ConfigLoader.InvalidConfigException e) {
            throw new UserInputException(e.getMessage());
        }
        TranslationConfig settings = study.translation();
        if (settings == null) {
            throw new UserInputException("--config " + config + ": no translation: block");
        }
        if (seed < 1) {
            throw new UserInputException("--seed " + seed + ": expected a number >= 1");
        }
        if (alphas != null) {
            try {
                settings = settings.withAlphas(alphas);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--alpha: " + e.getMessage().replace("translation.alphas: ", ""));
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out " + out + ": is a file, expected a folder");
        }
        if (Files.isDirectory(out) && !force) {
            try (Stream<Path> files = Files.list(out)) {
                if (files.anyMatch(p -> p.getFileName().toString().startsWith("translation-"))) {
                    throw new UserInputException("--out " + out + ": already holds translation results; use --force to"
                            + " replace them");
                }
            }
        }
        TranslationConfig s = settings;
        List<TranslationResult> results = TrainingCommands.run(() -> {
            FreeDictRepository repository = new FreeDictRepository();
            TranslationCorpus corpus = TranslationCorpus.load(repository, s.options().corpus());
            Map<String, Object> provenance = new LinkedHashMap<>(repository.provenance());
            provenance.putAll(TranslationStudy.splitSizes(corpus));
            Files.createDirectories(out);
            List<TranslationResult> list = new ArrayList<>();
            for (double alpha : s.alphas()) {
                TranslationResult r = TranslationStudy.run(corpus, s.options(), alpha, seed, provenance);
                Output.writeJsonAtomically(out.resolve("translation-a" + alpha + "-s" + seed + ".json"),
                        TranslationResults.metrics(r));
                list.add(r);
            }
            return list;
        });
        System.out.print(TranslationResults.text(results));
        return 0;
    }
}
