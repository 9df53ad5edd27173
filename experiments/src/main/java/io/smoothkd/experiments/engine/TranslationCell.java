package io.smoothkd.experiments.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.experiments.config.TranslationConfig;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunFolder;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A translation model trained with label smoothing α on the dictionary phrases, then measured (token calibration
 * before and after temperature scaling, BLEU/chrF by beam width).
 *
 * @param settings the study's {@code translation:} block
 * @param alpha    label smoothing
 * @param seed     the seed
 */
public record TranslationCell(TranslationConfig settings, double alpha, int seed) implements Cell {
    /** Data set name of translation cells. */
    static final String DATA = "freedict-eng-deu";

    @Override
    public String id() {
        return CellResult.TRANSLATION + "-" + DATA + "-a" + Cell.num(alpha) + "-s" + seed;
    }

    @Override
    public String kind() {
        return CellResult.TRANSLATION;
    }

    @Override
    public String family() {
        return alpha == 0 ? CellResult.HARD : CellResult.LS;
    }

    @Override
    public String dataset() {
        return DATA;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("alpha", alpha);
        p.put("settings", settings);
        return p;
    }

    /** The translation settings (less the α grid: which cells exist, not what one gives), α and seed. */
    @Override
    public Fingerprint runFingerprint(StudyConfig study) {
        Map<String, Object> flat = flatten("", SuiteRunner.JSON.convertValue(settings,
                new TypeReference<Map<String, Object>>() {
                }));
        flat.remove("alphas");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("seed", seed);
        return new Fingerprint(m).with("translation", flat);
    }

    @Override
    public Measured run(CellContext context) throws IOException {
        Fingerprint fp = runFingerprint(context.study());
        Map<String, Object> metrics = context.locked(this, () -> context.translations().run(this,
                RunFolder.create(context.runFolder(this), kind(), fp, true, false)));
        return new Measured(params(), metrics);
    }

    private static Map<String, Object> flatten(String prefix, Map<String, Object> m) {
        Map<String, Object> flat = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> sub) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) sub;
                flat.putAll(flatten(key, typed));
            } else {
                flat.put(key, v);
            }
        });
        return flat;
    }
}
