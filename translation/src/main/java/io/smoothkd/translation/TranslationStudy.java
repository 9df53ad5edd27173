package io.smoothkd.translation;

import io.smoothkd.core.calibration.CalibrationSummary;
import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.calibration.ReliabilityDiagram;
import io.smoothkd.core.calibration.TemperatureScaling;
import io.smoothkd.translation.data.CharVocabulary;
import io.smoothkd.translation.data.Example;
import io.smoothkd.translation.data.TranslationCorpus;
import io.smoothkd.translation.decoding.BeamSearch;
import io.smoothkd.translation.decoding.Hypothesis;
import io.smoothkd.translation.metrics.Bleu;
import io.smoothkd.translation.metrics.ChrF;
import io.smoothkd.translation.metrics.ExactMatch;
import io.smoothkd.translation.model.CharSeq2Seq;
import io.smoothkd.translation.model.Seq2SeqTrainer;
import io.smoothkd.translation.model.TeacherForcing;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the translation study (paper §4, WMT EN→DE at small scale): train the character-level encoder–decoder
 * with label smoothing α (α = 0: hard targets) on the training phrases; fit the temperature T on the validation
 * phrases' teacher-forced tokens (NLL-optimal, {@link TemperatureScaling}); on the test phrases measure token-level
 * ECE, NLL and accuracy of teacher-forced next-character prediction, and decode with each beam width (T = 1 and
 * T fitted; beam 1 is greedy search) to measure corpus BLEU, chrF2 and exact match against all references.
 */
public final class TranslationStudy {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationStudy.class);
    private static final int DECODE_BATCH = 128;

    private TranslationStudy() {
    }

    /** Trains and measures one model. */
    public static TranslationResult run(TranslationCorpus corpus, TranslationOptions options, double alpha, long seed,
                                        Map<String, Object> dataProvenance) {
        CharVocabulary vocab = CharVocabulary.of(corpus.train());
        CharSeq2Seq model = CharSeq2Seq.create(vocab, options.model(), seed);
        var trainPairs = TranslationCorpus.pairs(corpus.train());
        String task = "translation a" + alpha + " s" + seed;
        LOG.info("{}: {} training pairs, {} characters, {} parameters", task, trainPairs.size(), vocab.size(),
                model.parameters());
        long start = System.nanoTime();
        List<Double> losses = Seq2SeqTrainer.train(model, trainPairs, alpha, seed, task);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        ClassificationLogits validation = TeacherForcing.logits(model, TranslationCorpus.pairs(corpus.validation()));
        double temperature = TemperatureScaling.fit(validation);
        ClassificationLogits test = TeacherForcing.logits(model, TranslationCorpus.pairs(corpus.test()));
        CalibrationSummary summary = CalibrationSummary.of(test, options.bins(), temperature);
        LOG.info("{}: T = {}, test token ECE {} -> {}, NLL {} -> {}", task, String.format("%.3f", temperature),
                String.format("%.4f", summary.ece()), String.format("%.4f", summary.eceAfterScaling()),
                String.format("%.4f", summary.nll()), String.format("%.4f", summary.nllAfterScaling()));

        List<TranslationResult.Decoding> raw = decodeAll(model, corpus.test(), options, 1.0, task + " T=1");
        List<TranslationResult.Decoding> scaled = decodeAll(model, corpus.test(), options, temperature,
                task + " T=" + String.format("%.2f", temperature));
        ReliabilityDiagram before = summary.diagram();
        ReliabilityDiagram after = summary.diagramAfterScaling();
        return new TranslationResult(alpha, seed, temperature, model.parameters(), trainPairs.size(), trainSeconds,
                losses, test.size(),
                new TranslationResult.Setting(1.0, summary.accuracy(), summary.ece(), summary.nll(), before.counts(),
                        before.accuracy(), before.confidence(), raw),
                new TranslationResult.Setting(temperature, summary.accuracy(), summary.eceAfterScaling(),
                        summary.nllAfterScaling(), after.counts(), after.accuracy(), after.confidence(), scaled),
                dataProvenance);
    }

    /** Decodes the examples with every beam width at one temperature and scores the outputs. */
    static List<TranslationResult.Decoding> decodeAll(CharSeq2Seq model, List<Example> examples,
                                                      TranslationOptions options, double temperature, String task) {
        List<List<String>> references = examples.stream().map(Example::references).toList();
        List<TranslationResult.Decoding> out = new ArrayList<>();
        for (int beam : options.beams()) {
            List<String> outputs = decode(model, examples, beam, temperature, options, task + " beam " + beam);
            double bleu = Bleu.corpus(outputs, references);
            double chrf = ChrF.corpus(outputs, references);
            double exact = ExactMatch.of(outputs, references);
            double length = outputs.stream().mapToInt(String::length).average().orElse(0);
            LOG.info("{} beam {}: BLEU {} chrF {} exact {}", task, beam, String.format("%.2f", bleu),
                    String.format("%.2f", chrf), String.format("%.3f", exact));
            out.add(new TranslationResult.Decoding(beam, bleu, chrf, exact, length));
        }
        return out;
    }

    /** Beam search (beam 1: greedy) of every example's source, as strings. */
    public static List<String> decode(CharSeq2Seq model, List<Example> examples, int beam, double temperature,
                                      TranslationOptions options, String task) {
        BeamSearch search = new BeamSearch(CharVocabulary.BOS, CharVocabulary.EOS, CharVocabulary.PAD,
                CharVocabulary.UNK);
        List<String> outputs = new ArrayList<>(examples.size());
        try (ProgressBar bar = Seq2SeqTrainer.bar(task, examples.size())) {
            for (int start = 0; start < examples.size(); start += DECODE_BATCH) {
                List<Example> chunk = examples.subList(start, Math.min(examples.size(), start + DECODE_BATCH));
                CharSeq2Seq.Encoded enc = model.encode(chunk.stream().map(Example::source).toList());
                List<Hypothesis> best = beam == 1 && temperature == 1.0
                        ? search.greedy(model.decoder(enc, 1), options.maxLength())
                        : search.search(model.decoder(enc, beam), beam, options.maxLength(), temperature,
                        options.lengthPenalty());
                for (Hypothesis h : best) {
                    outputs.add(model.vocabulary().decode(h.tokens()));
                }
                bar.stepBy(chunk.size());
            }
        }
        return outputs;
    }

    /** Sizes of the split, for provenance. */
    public static Map<String, Object> splitSizes(TranslationCorpus corpus) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_phrases", corpus.train().size());
        m.put("train_pairs", TranslationCorpus.pairs(corpus.train()).size());
        m.put("validation_phrases", corpus.validation().size());
        m.put("test_phrases", corpus.test().size());
        return m;
    }
}
