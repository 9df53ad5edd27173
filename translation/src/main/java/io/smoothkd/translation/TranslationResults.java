package io.smoothkd.translation;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A translation run's result as the JSON a cell (or {@code smoothkd translation}) writes, and as a text table. */
public final class TranslationResults {
    private TranslationResults() {
    }

    /** The cell's metrics: the result's fields in snake_case. */
    public static Map<String, Object> metrics(TranslationResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", r.alpha());
        m.put("temperature", r.scalingTemperature());
        m.put("parameters", r.parameters());
        m.put("train_pairs", r.trainPairs());
        m.put("train_seconds", r.trainSeconds());
        m.put("epoch_loss", r.epochLoss());
        m.put("test_tokens", r.tokens());
        m.put("raw", setting(r.raw()));
        m.put("scaled", setting(r.scaled()));
        m.put("data", r.data());
        return m;
    }

    private static Map<String, Object> setting(TranslationResult.Setting s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", s.scalingTemperature());
        m.put("token_accuracy", s.tokenAccuracy());
        m.put("ece", s.ece());
        m.put("nll", s.nll());
        Map<String, Object> diagram = new LinkedHashMap<>();
        diagram.put("counts", s.diagramCounts());
        diagram.put("accuracy", s.diagramAccuracy());
        diagram.put("confidence", s.diagramConfidence());
        m.put("reliability", diagram);
        List<Map<String, Object>> decoding = new ArrayList<>();
        for (TranslationResult.Decoding d : s.decoding()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("beam", d.beam());
            x.put("bleu", d.bleu());
            x.put("chrf", d.chrf());
            x.put("exact_match", d.exactMatch());
            x.put("mean_length", d.meanLength());
            decoding.add(x);
        }
        m.put("decoding", decoding);
        return m;
    }

    /**
     * The paper-style table: one row per setting (hard, LS, hard + TS, LS + TS) with T, token ECE, NLL and accuracy,
     * and BLEU / chrF / exact match for each beam width.
     */
    public static String text(List<TranslationResult> results) {
        StringBuilder b = new StringBuilder();
        if (results.isEmpty()) {
            return "";
        }
        List<Integer> beams = results.get(0).raw().decoding().stream().map(TranslationResult.Decoding::beam).toList();
        b.append(String.format("%-14s %6s %7s %7s %7s", "setting", "T", "ECE", "NLL", "tok.acc"));
        for (int beam : beams) {
            b.append(String.format(" %8s", "BLEU@" + beam));
        }
        for (int beam : beams) {
            b.append(String.format(" %8s", "chrF@" + beam));
        }
        for (int beam : beams) {
            b.append(String.format(" %7s", "EM@" + beam));
        }
        b.append('\n');
        for (boolean scaled : new boolean[]{false, true}) {
            for (TranslationResult r : results) {
                TranslationResult.Setting s = scaled ? r.scaled() : r.raw();
                String name = (r.alpha() == 0 ? "hard" : "LS " + r.alpha()) + (scaled ? " + TS" : "");
                b.append(String.format("%-14s %6.3f %7.4f %7.4f %7.4f", name, s.scalingTemperature(), s.ece(), s.nll(),
                        s.tokenAccuracy()));
                for (TranslationResult.Decoding d : s.decoding()) {
                    b.append(String.format(" %8.2f", d.bleu()));
                }
                for (TranslationResult.Decoding d : s.decoding()) {
                    b.append(String.format(" %8.2f", d.chrf()));
                }
                for (TranslationResult.Decoding d : s.decoding()) {
                    b.append(String.format(" %7.3f", d.exactMatch()));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
