package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.render.ChartStyle;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.stats.MeanCi;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The translation study (paper §3, WMT EN→DE): for hard and label-smoothed character-level translation models, as
 * trained and temperature-scaled (T fitted on validation), the token-level ECE and NLL of teacher-forced
 * next-character prediction and the corpus BLEU, chrF2 and exact match of greedy and beam-search outputs — the
 * paper's table — and BLEU against beam width per setting. Reads the {@code translation} cells only.
 */
public final class TranslationSection implements ReportSection {
    @Override
    public String title() {
        return "Translation: calibration and beam search (EN→DE dictionary phrases)";
    }

    /** One row of the table: the cells of one α, as trained ({@code raw}) or temperature-scaled ({@code scaled}). */
    record Setting(String label, double alpha, boolean scaled, List<CellResult> cells) {
        String key() {
            return scaled ? "scaled" : "raw";
        }

        MeanCi over(Function<JsonNode, JsonNode> pick) {
            List<Double> values = new ArrayList<>();
            for (CellResult c : cells) {
                JsonNode n = pick.apply(c.metrics().path(key()));
                if (n.isNumber()) {
                    values.add(n.asDouble());
                }
            }
            return MeanCi.of(values);
        }

        MeanCi metric(String name) {
            return over(m -> m.path(name));
        }

        MeanCi decoding(int beam, String name) {
            return over(m -> {
                for (JsonNode d : m.path("decoding")) {
                    if (d.path("beam").asInt() == beam) {
                        return d.path(name);
                    }
                }
                return m.path("missing");
            });
        }
    }

    /** Settings in table order: every α as trained, then every α temperature-scaled. */
    static List<Setting> settings(ReportContext context) {
        TreeMap<Double, List<CellResult>> byAlpha = new TreeMap<>();
        for (CellResult c : context.cells()) {
            if (c.isTranslation()) {
                byAlpha.computeIfAbsent(c.param("alpha"), k -> new ArrayList<>()).add(c);
            }
        }
        List<Setting> out = new ArrayList<>();
        for (boolean scaled : new boolean[]{false, true}) {
            byAlpha.forEach((alpha, cells) -> out.add(new Setting((alpha == 0 ? "hard" : "LS α = "
                    + ReportNumbers.plain(alpha)) + (scaled ? " + TS" : ""), alpha, scaled, cells)));
        }
        return out;
    }

    static List<Integer> beams(List<Setting> settings) {
        TreeSet<Integer> beams = new TreeSet<>();
        for (Setting s : settings) {
            for (CellResult c : s.cells()) {
                for (JsonNode d : c.metrics().path("raw").path("decoding")) {
                    beams.add(d.path("beam").asInt());
                }
            }
        }
        return List.copyOf(beams);
    }

    /** The LS setting with the largest α among those trained (as trained or scaled), if any. */
    static Optional<Setting> ls(List<Setting> settings, boolean scaled) {
        return settings.stream().filter(s -> s.alpha() > 0 && s.scaled() == scaled)
                .max(java.util.Comparator.comparingDouble(Setting::alpha));
    }

    static Optional<Setting> hard(List<Setting> settings, boolean scaled) {
        return settings.stream().filter(s -> s.alpha() == 0 && s.scaled() == scaled).findFirst();
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Setting> settings = settings(context);
        if (settings.isEmpty()) {
            return List.of();
        }
        List<Integer> beams = beams(settings);
        int widest = beams.isEmpty() ? 1 : beams.get(beams.size() - 1);
        JsonNode data = settings.get(0).cells().get(0).metrics().path("data");
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph("English→German phrase translation with a character-level encoder–decoder "
                + "(BiLSTM encoder, LSTM decoder, dot-product attention), trained with hard targets and with label "
                + "smoothing on the same seed and budget; T fitted on the validation phrases' teacher-forced tokens. "
                + "Data: " + data.path("source").asText("FreeDict eng-deu") + "; " + data.path("train_pairs").asText("?")
                + " training pairs, " + data.path("test_phrases").asText("?") + " test phrases (every kept translation"
                + " is a reference). ECE (15 bins) and NLL: teacher-forced next-character prediction on the test "
                + "phrases. BLEU: corpus BLEU as sacreBLEU computes it by default (13a tokens, exp smoothing); chrF2: "
                + "sacreBLEU's chrF; beam 1 = greedy; GNMT length normalisation. Mean ± 95 % CI over seeds. The paper "
                + "(Transformer, WMT EN→DE): ECE 0.056 hard, 0.019 with LS α = 0.1, 0.018 with TS (T = 1.13); LS gave "
                + "better BLEU and worse NLL; TS on top of LS made ECE and BLEU worse."));
        List<String> header = new ArrayList<>(List.of("Setting", "Seeds", "T", "Token ECE", "Token NLL",
                "Token accuracy"));
        for (int beam : beams) {
            header.add("BLEU beam " + beam);
        }
        header.add("chrF2 beam " + widest);
        header.add("Exact match beam " + widest);
        List<List<String>> rows = new ArrayList<>();
        for (Setting s : settings) {
            List<String> row = new ArrayList<>(List.of(s.label(), Integer.toString(s.cells().size()),
                    ReportNumbers.meanCi(s.metric("temperature"), 1, 3), ReportNumbers.meanCi(s.metric("ece"), 1, 4),
                    ReportNumbers.meanCi(s.metric("nll"), 1, 4), ReportNumbers.meanCi(s.metric("token_accuracy"), 100, 1)
                            + " %"));
            for (int beam : beams) {
                row.add(ReportNumbers.meanCi(s.decoding(beam, "bleu"), 1, 2));
            }
            row.add(ReportNumbers.meanCi(s.decoding(widest, "chrf"), 1, 2));
            row.add(ReportNumbers.meanCi(s.decoding(widest, "exact_match"), 100, 1) + " %");
            rows.add(row);
        }
        blocks.add(new Block.Table(header, rows));

        XYChart chart = ChartStyle.xy("BLEU against beam width", "beam width", "corpus BLEU");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                v -> Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf(Math.round(v)) : ""); // beams are integers
        int perGroup = Math.max(1, settings.size() / 2);
        int colour = 0;
        for (Setting s : settings) {
            double[] x = beams.stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = beams.stream().mapToDouble(b -> s.decoding(b, "bleu").mean()).toArray();
            XYSeries series = chart.addSeries(s.label(), x, y);
            series.setLineColor(ChartStyle.color(colour % perGroup));
            series.setMarkerColor(ChartStyle.color(colour % perGroup));
            if (s.scaled()) {
                series.setLineStyle(SeriesLines.DASH_DASH);
            }
            colour++;
        }
        blocks.add(new Block.Figure(Plot.of("translation-bleu-by-beam", "line chart of corpus BLEU against beam width"
                + " for the hard and label-smoothed translation models, as trained and temperature-scaled",
                "Corpus BLEU on the test phrases against beam width (1 = greedy), mean over seeds; dashed: with"
                        + " temperature scaling.", chart)));
        blocks.add(new Block.Paragraph(findings(settings, beams)));
        return blocks;
    }

    /** The paper's four translation findings, each checked on the means. */
    static String findings(List<Setting> settings, List<Integer> beams) {
        Optional<Setting> hard = hard(settings, false);
        Optional<Setting> ls = ls(settings, false);
        Optional<Setting> lsTs = ls(settings, true);
        if (hard.isEmpty() || ls.isEmpty() || lsTs.isEmpty()) {
            return "The paper's findings need a hard and a label-smoothed model.";
        }
        StringBuilder b = new StringBuilder("The paper's translation findings here (means): ");
        double eceHard = hard.get().metric("ece").mean();
        double eceLs = ls.get().metric("ece").mean();
        b.append("LS better calibrated (token ECE ").append(ReportNumbers.fixed(eceHard, 4)).append(" → ")
                .append(ReportNumbers.fixed(eceLs, 4)).append("): ").append(eceLs < eceHard ? "yes" : "no").append("; ");
        double nllHard = hard.get().metric("nll").mean();
        double nllLs = ls.get().metric("nll").mean();
        b.append("NLL worse with LS (").append(ReportNumbers.fixed(nllHard, 4)).append(" → ")
                .append(ReportNumbers.fixed(nllLs, 4)).append("): ").append(nllLs > nllHard ? "yes" : "no").append("; ");
        double bleuHard = beamBleu(hard.get(), beams);
        double bleuLs = beamBleu(ls.get(), beams);
        double bleuLsTs = beamBleu(lsTs.get(), beams);
        b.append("LS better BLEU with beam search (mean over beams > 1: ").append(ReportNumbers.fixed(bleuHard, 2))
                .append(" → ").append(ReportNumbers.fixed(bleuLs, 2)).append("): ").append(bleuLs > bleuHard ? "yes" : "no")
                .append("; ");
        double eceLsTs = lsTs.get().metric("ece").mean();
        b.append("TS on top of LS worsens ECE (").append(ReportNumbers.fixed(eceLs, 4)).append(" → ")
                .append(ReportNumbers.fixed(eceLsTs, 4)).append("): ").append(eceLsTs > eceLs ? "yes" : "no")
                .append(" and BLEU (").append(ReportNumbers.fixed(bleuLs, 2)).append(" → ")
                .append(ReportNumbers.fixed(bleuLsTs, 2)).append("): ").append(bleuLsTs < bleuLs ? "yes" : "no")
                .append(".");
        return b.toString();
    }

    /** Mean BLEU over the beam widths above 1 (beam search proper); greedy's when there are none. */
    static double beamBleu(Setting s, List<Integer> beams) {
        return bleuBeams(beams).stream().mapToDouble(b -> s.decoding(b, "bleu").mean()).average().orElse(Double.NaN);
    }

    /** The beams the claim averages BLEU over: the widths above 1 (beam search proper), or all if there are none. */
    static List<Integer> bleuBeams(List<Integer> beams) {
        List<Integer> wide = beams.stream().filter(b -> b > 1).toList();
        return wide.isEmpty() ? beams : wide;
    }
}
