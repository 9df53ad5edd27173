package io.smoothkd.experiments.engine;

import io.smoothkd.core.loss.DistillationLosses;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.student.Distillation;
import io.smoothkd.student.StudentTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A student distilled from a teacher cell with a registered loss ({@link DistillationLosses}) and its parameters,
 * temperature included. The parameters are resolved against the loss's defaults (and validated) once, here; the
 * trainer gets them unchanged as a {@link Distillation}.
 *
 * @param config  the student's training
 * @param teacher the teacher cell it learns from
 * @param loss    a name of {@link DistillationLosses#names()}
 * @param lossParams the loss's complete parameters, temperature included (given ones over the loss's defaults)
 */
public record DistilledCell(RunConfig config, TeacherCell teacher, String loss, Map<String, Double> lossParams)
        implements TrainingCell {
    public DistilledCell {
        lossParams = Collections.unmodifiableMap(new LinkedHashMap<>(DistillationLosses.resolve(loss,
                lossParams == null ? Map.of() : lossParams)));
    }

    /** Hinton's KD (the paper's loss) at (T, β, T² on/off). */
    static DistilledCell kd(RunConfig config, TeacherCell teacher, double temperature, double beta,
                            boolean tSquared) {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("temperature", temperature);
        params.put("beta", beta);
        params.put("t_squared", tSquared ? 1.0 : 0.0);
        return new DistilledCell(config, teacher, "kd", params);
    }

    /** The distillation temperature: the teacher's (and, for most losses, the student's) softmax temperature. */
    public double temperature() {
        return lossParams.get("temperature");
    }

    /**
     * A kd cell's id is the paper's, {@code student-D-from-aα-TT-bβ[-t2]-sS}; any other loss adds its name and each
     * parameter that differs from the loss's default before the seed, e.g. {@code student-mnist-from-a0-T4-dkd-s1} or
     * {@code student-mnist-from-a0-T4-dkd-beta2-s1}.
     */
    @Override
    public String id() {
        StringBuilder b = new StringBuilder("student-").append(config.dataset()).append("-from-a")
                .append(Cell.num(teacher.config().alpha())).append("-T").append(Cell.num(temperature()));
        if (loss.equals("kd")) {
            b.append("-b").append(Cell.num(lossParams.get("beta"))).append(lossParams.get("t_squared") == 1.0 ? "-t2" : "");
        } else {
            b.append('-').append(loss);
            Map<String, Double> defaults = DistillationLosses.defaults(loss);
            lossParams.forEach((k, v) -> {
                if (!k.equals("temperature") && !v.equals(defaults.get(k))) {
                    b.append('-').append(k).append(Cell.num(v));
                }
            });
        }
        return b.append("-s").append(config.seed()).toString();
    }

    @Override
    public String kind() {
        return CellResult.STUDENT;
    }

    @Override
    public String family() {
        return CellResult.DISTILLED;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = TrainingCell.recipe(config);
        p.put("teacher", teacher.id());
        p.put("teacher_alpha", teacher.config().alpha());
        p.put("temperature", temperature());
        if (loss.equals("kd")) {
            p.put("beta", lossParams.get("beta"));
            p.put("t_squared", lossParams.get("t_squared") == 1.0);
        }
        p.put("loss", loss);
        p.put("loss_params", new LinkedHashMap<>(lossParams));
        return p;
    }

    /** The loss as the student trainer takes it, learning from the teacher run folder given. */
    public Distillation distillation(Path teacherFolder) {
        return new Distillation(teacherFolder, loss, lossParams);
    }

    @Override
    public Fingerprint runFingerprint(StudyConfig study) {
        return StudentTrainer.fingerprint(config, Optional.of(distillation(Path.of("."))),
                teacher.runFingerprint(study));
    }

    @Override
    public Measured run(CellContext context) throws IOException {
        context.teacher(teacher);
        Distillation d = distillation(context.runFolder(teacher));
        Map<String, Object> metrics = context.locked(this, () -> context.students().train(config, Optional.of(d),
                context.runFolder(this), true, false).metrics());
        Map<String, Object> p = params();
        p.put("gamma", metrics.get("teacher_equivalent_smoothing"));
        return new Measured(p, metrics);
    }
}
