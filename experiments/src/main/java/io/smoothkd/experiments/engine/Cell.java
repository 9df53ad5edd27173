package io.smoothkd.experiments.engine;

import io.smoothkd.core.loss.DistillationLosses;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.student.Distillation;

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
 * @param loss        distilled students: the loss's name in {@link io.smoothkd.core.loss.DistillationLosses}
 *                    ({@code kd} for the paper's); null otherwise
 * @param lossParams  distilled students: the loss's complete parameters, temperature included; empty otherwise
 */
public record Cell(String id, String kind, String family, int seed, RunConfig config, Optional<Cell> teacher,
                   double temperature, double beta, boolean tSquared, TranslationSection translation, double alpha,
                   String loss, Map<String, Double> lossParams) {

    public Cell {
        lossParams = lossParams == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(lossParams));
    }

    /** Kind of a translation cell. */
    static final String TRANSLATION = "translation";
    /** Data set name of translation cells. */
    static final String TRANSLATION_DATA = "freedict-eng-deu";

    Cell(String id, String kind, String family, int seed, RunConfig config, Optional<Cell> teacher,
         double temperature, double beta, boolean tSquared) {
        this(id, kind, family, seed, config, teacher, temperature, beta, tSquared, null, Double.NaN, null, null);
    }

    static Cell translation(TranslationSection settings, double alpha, int seed) {
        return new Cell(TRANSLATION + "-" + TRANSLATION_DATA + "-a" + num(alpha) + "-s" + seed, TRANSLATION,
                alpha == 0 ? "hard" : "ls", seed, null, Optional.empty(), Double.NaN, Double.NaN, false, settings,
                alpha, null, null);
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

    /** A student distilled with Hinton's KD (the paper's loss) at (T, β, T² on/off). */
    static Cell distilled(String dataset, RunConfig config, Cell teacher, double temperature, double beta,
                          boolean tSquared) {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("temperature", temperature);
        params.put("beta", beta);
        params.put("t_squared", tSquared ? 1.0 : 0.0);
        return distilled(dataset, config, teacher, "kd", params);
    }

    /**
     * A student distilled from {@code teacher} with the registered loss {@code loss} and its parameters (temperature
     * included; left-out keys take the loss's defaults). A kd cell's id is the paper's,
     * {@code student-D-from-aα-TT-bβ[-t2]-sS}; any other loss adds its name and each parameter that differs from
     * the loss's default before the seed, e.g. {@code student-mnist-from-a0-T4-dkd-s1} or
     * {@code student-mnist-from-a0-T4-dkd-beta2-s1}.
     */
    static Cell distilled(String dataset, RunConfig config, Cell teacher, String loss, Map<String, Double> params) {
        Map<String, Double> all = DistillationLosses.resolve(loss, params);
        double temperature = all.get("temperature");
        String prefix = "student-" + dataset + "-from-a" + num(teacher.config().alpha()) + "-T" + num(temperature);
        String id;
        double beta;
        boolean tSquared;
        if (loss.equals("kd")) {
            beta = all.get("beta");
            tSquared = all.get("t_squared") == 1.0;
            id = prefix + "-b" + num(beta) + (tSquared ? "-t2" : "") + "-s" + config.seed();
        } else {
            beta = Double.NaN;
            tSquared = false;
            StringBuilder b = new StringBuilder(prefix).append('-').append(loss);
            Map<String, Double> defaults = DistillationLosses.defaults(loss);
            all.forEach((k, v) -> {
                if (!k.equals("temperature") && !v.equals(defaults.get(k))) {
                    b.append('-').append(k).append(num(v));
                }
            });
            id = b.append("-s").append(config.seed()).toString();
        }
        return new Cell(id, "student", "distilled", (int) config.seed(), config, Optional.of(teacher), temperature,
                beta, tSquared, null, Double.NaN, loss, all);
    }

    /** A distilled student's loss as the student trainer takes it, learning from the teacher run folder given. */
    Distillation distillation(java.nio.file.Path teacherFolder) {
        if (teacher.isEmpty()) {
            throw new IllegalStateException(id + " is not a distilled student");
        }
        return new Distillation(teacherFolder, loss, lossParams);
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
            if (loss.equals("kd")) {
                p.put("beta", beta);
                p.put("t_squared", tSquared);
            }
            p.put("loss", loss);
            p.put("loss_params", new LinkedHashMap<>(lossParams));
        });
        return p;
    }
}
