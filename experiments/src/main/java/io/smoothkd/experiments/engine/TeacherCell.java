package io.smoothkd.experiments.engine;

import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.teacher.TeacherAnalysis;
import io.smoothkd.teacher.TeacherTrainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A teacher trained with label smoothing α ({@code hard} at α = 0, else {@code ls}), then analysed: calibration
 * methods, margins, projections of the configured triples (and of the similar pair), the mutual information.
 *
 * @param config the teacher's training
 */
public record TeacherCell(RunConfig config) implements TrainingCell {
    @Override
    public String id() {
        return "teacher-" + config.dataset() + "-a" + Cell.num(config.alpha()) + "-s" + config.seed();
    }

    @Override
    public String kind() {
        return CellResult.TEACHER;
    }

    @Override
    public String family() {
        return config.alpha() == 0 ? CellResult.HARD : CellResult.LS;
    }

    @Override
    public Map<String, Object> params() {
        return TrainingCell.recipe(config);
    }

    @Override
    public Fingerprint runFingerprint(StudyConfig study) {
        return TeacherTrainer.fingerprint(config, CellContext.miSettings(study));
    }

    /** The training's fingerprint and the projections its analysis measures. */
    @Override
    public Fingerprint cellFingerprint(StudyConfig study) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("projections", study.projections());
        a.put("similar_pair", study.similarPair());
        if (study.mutualInformation() != null && study.mutualInformation().sensitivity() != null) {
            a.put("mi_sensitivity", study.mutualInformation().sensitivity().toMap());
        }
        return runFingerprint(study).with("analysis", a);
    }

    @Override
    public Measured run(CellContext context) throws IOException {
        StudyConfig study = context.study();
        Map<String, Object> metrics = new LinkedHashMap<>(context.teacher(this));
        List<TeacherAnalysis.Triple> triples = new ArrayList<>();
        for (List<Integer> t : study.projections()) {
            triples.add(new TeacherAnalysis.Triple(t, "configured"));
        }
        if (study.autoSimilarPair()) {
            // The similar pair comes from the first seed's hard teacher (this cell when it is that one; itself when
            // the study has no hard teacher), so every teacher and seed is projected on the same classes.
            TeacherCell reference = context.cells().stream()
                    .filter(TeacherCell.class::isInstance).map(TeacherCell.class::cast)
                    .filter(c -> c.config().alpha() == 0 && c.dataset().equals(dataset()))
                    .min(Comparator.comparingInt(Cell::seed)).orElse(this);
            if (!reference.equals(this)) {
                context.teacher(reference);
            }
            triples.add(TeacherAnalysis.similarTriple(context.runFolder(reference), reference.id(),
                    reference.config(), context.repository()));
        }
        java.nio.file.Path run = context.runFolder(this);
        metrics.putAll(TeacherAnalysis.calibrationMethods(run, config, context.repository()));
        metrics.put("analysis", TeacherAnalysis.of(run, config, context.repository(), triples));
        if (study.mutualInformation() != null && !metrics.containsKey("mutual_information")) {
            // A teacher trained before the study asked for the curve: measure its end point now.
            metrics.put("mutual_information", TeacherAnalysis.finalMutualInformation(run, config,
                    context.repository(), study.mutualInformation().settings()));
        }
        if (study.mutualInformation() != null && study.mutualInformation().sensitivity() != null) {
            // the other probe, at the end only: how much does the verdict depend on the choice of probe?
            metrics.put("mutual_information_sensitivity", TeacherAnalysis.finalMutualInformation(run, config,
                    context.repository(), study.mutualInformation().sensitivityProbe().settings()));
        }
        return new Measured(params(), metrics);
    }
}
