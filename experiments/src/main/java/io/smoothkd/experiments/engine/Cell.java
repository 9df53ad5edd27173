package io.smoothkd.experiments.engine;

import io.smoothkd.runs.RunConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.smoothkd.experiments.config.TranslationSection;

/**
 * One independent unit of a suite, with a stable id: a teacher to train, a student to train (from labels, from
 * label-smoothed labels, or distilled from a teacher cell's run folder), or a translation model to train and measure.
 *
 * @param id          stable id, also the file name {@code cells/<id>.json} and the run folder {@code runs/<id>}
 * @param kind        "teacher", "student" or "translation"
 * @param family      teachers and translation models: "hard" or "ls"; students: "labels", "ls-labels" or "distilled"
 * @param seed        the seed
 * @param config      the training's configuration (teachers and students; null for a translation cell)
 * @param teacher     for distilled students: the teacher cell
 * @param temperature distillation temperature (distilled students)
 * @param beta        distillation weight (distilled students)
 * @param tSquared    Hinton's T² factor (distilled students)
 * @param translation the translation study's settings (translation cells; null otherwise)
 * @param alpha       label smoothing of a translation cell (NaN otherwise: teachers and students keep it in config)
 */
public record Cell(String id, String kind, String family, int seed, RunConfig config, Optional<Cell> teacher,
                   double temperature, double beta, boolean tSquared, TranslationSection translation, double alpha) {

    /** Kind of a translation cell. */
    static final String TRANSLATION = "translation";
    /** Data set name of translation cells. */
    static final String TRANSLATION_DATA = "freedict-eng-deu";

    Cell(String id, String kind, String family, int seed, RunConfig config, Optional<Cell> teacher,
         double temperature, double beta, boolean tSquared) {
        this(id, kind, family, seed, config, teacher, temperature, beta, tSquared, null, Double.NaN);
    }

    static Cell translation(TranslationSection settings, double alpha, int seed) {
        return new Cell(TRANSLATION + "-" + TRANSLATION_DATA + "-a" + num(alpha) + "-s" + seed, TRANSLATION,
                alpha == 0 ? "hard" : "ls", seed, null, Optional.empty(), Double.NaN, Double.NaN, false, settings,
                alpha);
    }

    /** The data set name written into the cell file. */
    String dataset() {
        return translation != null ? TRANSLATION_DATA : config.dataset();
    }

    static Cell teacher(String dataset, RunConfig config) {
        String family = config.alpha() == 0 ? "hard" : "ls";
        return new Cell("teacher-" + dataset + "-a" + num(config.alpha()) + "-s" + config.seed(), "teacher", family,
                (int) config.seed(), config, Optional.empty(), Double.NaN, Double.NaN, false);
    }

    static Cell studentFromLabels(String dataset, RunConfig config) {
        boolean ls = config.alpha() > 0;
        String id = "student-" + dataset + (ls ? "-ls" + num(config.alpha()) : "-labels") + "-s" + config.seed();
        return new Cell(id, "student", ls ? "ls-labels" : "labels", (int) config.seed(), config, Optional.empty(),
                Double.NaN, Double.NaN, false);
    }

    static Cell distilled(String dataset, RunConfig config, Cell teacher, double temperature, double beta,
                          boolean tSquared) {
        String id = "student-" + dataset + "-from-a" + num(teacher.config().alpha()) + "-T" + num(temperature) + "-b"
                + num(beta) + (tSquared ? "-t2" : "") + "-s" + config.seed();
        return new Cell(id, "student", "distilled", (int) config.seed(), config, Optional.of(teacher), temperature,
                beta, tSquared);
    }

    /** Compact, stable number text for ids: 0.1 → "0.1", 4.0 → "4". */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The parameters written into the cell file. */
    Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (translation != null) {
            p.put("alpha", alpha);
            p.put("settings", translation);
            return p;
        }
        p.put("net", config.net().toString());
        p.put("alpha", config.alpha());
        p.put("epochs", config.epochs());
        p.put("jitter", config.jitter());
        p.put("lr_schedule", config.schedule().key());
        p.put("warmup_epochs", config.warmupEpochs());
        p.put("max_norm", config.maxNorm());
        p.put("weight_decay", config.weightDecay());
        teacher.ifPresent(t -> {
            p.put("teacher", t.id());
            p.put("teacher_alpha", t.config().alpha());
            p.put("temperature", temperature);
            p.put("beta", beta);
            p.put("t_squared", tSquared);
        });
        return p;
    }
}
