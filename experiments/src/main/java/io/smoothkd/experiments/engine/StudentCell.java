package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.student.StudentTrainer;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A student trained from the labels: hard ones ({@code labels}) at α = 0, else smoothed with α ({@code ls-labels}).
 *
 * @param config the student's training
 */
public record StudentCell(RunConfig config) implements TrainingCell {
    @Override
    public String id() {
        boolean ls = config.alpha() > 0;
        return "student-" + config.dataset() + (ls ? "-ls" + Cell.num(config.alpha()) : "-labels") + "-s"
                + config.seed();
    }

    @Override
    public String kind() {
        return CellResult.STUDENT;
    }

    @Override
    public String family() {
        return config.alpha() > 0 ? CellResult.LS_LABELS : CellResult.LABELS;
    }

    @Override
    public Map<String, Object> params() {
        return TrainingCell.recipe(config);
    }

    @Override
    public Fingerprint runFingerprint(StudyConfig study) {
        return StudentTrainer.fingerprint(config, Optional.empty(), (Fingerprint) null);
    }

    @Override
    public Measured run(CellContext context) throws IOException {
        Map<String, Object> metrics = context.locked(this, () -> context.students().train(config, Optional.empty(),
                context.runFolder(this), true, false).metrics());
        Map<String, Object> params = params();
        params.put("gamma", config.alpha());
        return new Measured(params, metrics);
    }
}
