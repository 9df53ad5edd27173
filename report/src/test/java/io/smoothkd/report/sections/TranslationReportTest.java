package io.smoothkd.report.sections;

import io.smoothkd.report.ReportContext;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.stats.ClaimRule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The translation section and claim 6 on hand-made translation cells. */
class TranslationReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> setting(double t, double ece, double nll, double... bleuByBeam) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", t);
        m.put("token_accuracy", 0.5);
        m.put("ece", ece);
        m.put("nll", nll);
        List<Map<String, Object>> decoding = new ArrayList<>();
        int[] beams = {1, 2, 4};
        for (int i = 0; i < beams.length; i++) {
            decoding.add(Map.of("beam", beams[i], "bleu", bleuByBeam[i], "chrf", 40.0 + i, "exact_match", 0.1));
        }
        m.put("decoding", decoding);
        return m;
    }

    private static CellResult cell(double alpha, int seed, Map<String, Object> raw, Map<String, Object> scaled) {
        JsonNode params = JSON.valueToTree(Map.of("alpha", alpha));
        JsonNode metrics = JSON.valueToTree(Map.of("raw", raw, "scaled", scaled, "temperature",
                scaled.get("temperature")));
        return new CellResult("translation-freedict-eng-deu-a" + alpha + "-s" + seed, "translation", "translation",
                alpha == 0 ? "hard" : "ls", "freedict-eng-deu", seed, params, metrics);
    }

    private static ClaimRule.Verdict verdict(List<CellResult> cells) {
        ReportContext ctx = ReportContext.of(cells);
        return PaperClaims.beamSearch().evaluate().apply(ctx, null);
    }

    /** Three seeds of hard and LS cells; every BLEU of a seed is shifted by the same per-seed noise. */
    private static List<CellResult> seeds(double[] hardRaw, double[] hardScaled, double[] lsRaw, double[] lsScaled) {
        List<CellResult> cells = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            double e = (s - 2) * 0.3;
            cells.add(cell(0, s, setting(1, 0.05, 1.0, shift(hardRaw, e)), setting(1.2, 0.02, 0.9, shift(hardScaled, e))));
            cells.add(cell(0.1, s, setting(1, 0.02, 1.1, shift(lsRaw, e)), setting(0.9, 0.03, 1.05, shift(lsScaled, e))));
        }
        return cells;
    }

    private static double[] shift(double[] v, double e) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += e;
        }
        return out;
    }

    @Test
    void theClaimFollowsThePairedBeamSearchBleu() {
        double[] hardRaw = {10, 11, 12};
        double[] hardScaled = {10, 11, 11};
        ClaimRule.Verdict v = verdict(seeds(hardRaw, hardScaled, new double[] {10, 13, 14}, new double[] {10, 12, 13}));
        assertThat(v.verdict()).isEqualTo("yes");
        assertThat(v.measured()).contains("hard 11.50").contains("LS α = 0.1 13.50").contains("LS + TS (T = 0.900) 12.50")
                .contains("d₁: paired d = 2.00").contains("d₂: paired d = -1.00");
        assertThat(v.evidence()).containsOnlyKeys("BLEU: hard → LS", "BLEU: LS → LS + TS");
        assertThat(v.evidence().get("BLEU: hard → LS").n()).isEqualTo(3);

        assertThat(verdict(seeds(hardRaw, hardScaled, new double[] {10, 13, 14}, new double[] {10, 14, 15})).verdict())
                .isEqualTo("partly (LS improves BLEU: yes; TS on LS hurts: no)");
        assertThat(verdict(seeds(hardRaw, hardScaled, new double[] {9, 9, 9}, new double[] {9, 9, 9})).verdict())
                .isEqualTo("no");
        double[] zero = {0, 0, 0};
        List<CellResult> nothing = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            nothing.add(cell(0, s, setting(1, 0.05, 1.0, zero), setting(1.2, 0.02, 0.9, zero)));
            nothing.add(cell(0.1, s, setting(1, 0.02, 1.1, zero), setting(0.9, 0.03, 1.05, zero)));
        }
        assertThat(verdict(nothing).verdict()).startsWith("not decided (BLEU 0");
        CellResult hard = cell(0, 1, setting(1, 0.05, 1.0, hardRaw), setting(1.2, 0.02, 0.9, hardScaled));
        CellResult ls = cell(0.1, 1, setting(1, 0.02, 1.1, 10, 13, 14), setting(0.9, 0.03, 1.05, 10, 12, 13));
        assertThat(verdict(List.of(hard, ls)).verdict()).isEqualTo("not decided (n < 3 seeds)");
        assertThat(verdict(List.of(hard)).verdict()).startsWith("not measured");
    }

    @Test
    void theSectionTabulatesEverySettingAndSummarisesTheFindings() {
        CellResult hard = cell(0, 1, setting(1, 0.05, 1.0, 10, 11, 12), setting(1.2, 0.02, 0.9, 10, 11, 11));
        CellResult ls = cell(0.1, 1, setting(1, 0.02, 1.1, 10, 13, 14), setting(0.9, 0.03, 1.05, 10, 12, 13));
        List<Block> blocks = new TranslationSection().content(ReportContext.of(List.of(hard, ls)));
        Block.Table table = blocks.stream().filter(b -> b instanceof Block.Table).map(b -> (Block.Table) b)
                .findFirst().orElseThrow();
        assertThat(table.header()).contains("BLEU beam 1", "BLEU beam 2", "BLEU beam 4", "chrF2 beam 4");
        assertThat(table.rows()).extracting(r -> r.get(0))
                .containsExactly("hard", "LS α = 0.1", "hard + TS", "LS α = 0.1 + TS");
        assertThat(table.rows().get(3).get(3)).isEqualTo("0.0300");
        String findings = ((Block.Paragraph) blocks.get(blocks.size() - 1)).text();
        assertThat(findings).contains("LS better calibrated (token ECE 0.0500 → 0.0200): yes")
                .contains("NLL worse with LS (1.0000 → 1.1000): yes")
                .contains("TS on top of LS worsens ECE (0.0200 → 0.0300): yes and BLEU (13.50 → 12.50): yes");
        assertThat(blocks).anyMatch(b -> b instanceof Block.Figure);
        assertThat(new TranslationSection().content(ReportContext.of(List.of()))).isEmpty();
    }
}
