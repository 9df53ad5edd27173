package io.smoothkd.experiments.engine;

import io.smoothkd.core.nets.LearningRateSchedule;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.experiments.config.StudentLoss;
import io.smoothkd.experiments.config.StudentConfig;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.experiments.config.TeacherConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's teacher/student design (paper §4 and its MNIST table): for every seed, a teacher per smoothing α;
 * a student from labels; students trained with label smoothing directly; and students distilled from every
 * teacher at every (T, β) — the hard teacher at {@code temperatures}, label-smoothed teachers at
 * {@code ls_teacher_temperatures}, with each loss of {@code student.losses} (Hinton's KD alone without it). With no students configured it is a teachers-only study (calibration,
 * projections, margins, the mutual-information curve are all measured on teachers).
 */
public final class TeacherStudentSuite implements Suite {
    private final String name;
    private final String description;

    public TeacherStudentSuite(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<Cell> cells(StudyConfig c) {
        List<Cell> teachers = new ArrayList<>();
        List<Cell> students = new ArrayList<>();
        for (int seed = 1; seed <= c.seeds(); seed++) {
            List<TeacherCell> seedTeachers = new ArrayList<>();
            for (double alpha : c.teacher().alphas()) {
                seedTeachers.add(new TeacherCell(teacherConfig(c, alpha, seed)));
            }
            teachers.addAll(seedTeachers);
            StudentConfig s = c.student();
            if (s.fromLabels()) {
                students.add(new StudentCell(studentConfig(c, 0.0, seed)));
            }
            for (double alpha : s.lsAlphas()) {
                students.add(new StudentCell(studentConfig(c, alpha, seed)));
            }
            for (TeacherCell teacher : seedTeachers) {
                for (StudentLoss loss : s.distillationLosses()) {
                    List<java.util.Map<String, Double>> variants = loss.variants(s);
                    boolean hard = teacher.config().alpha() == 0;
                    for (double t : hard ? loss.hardTeacherTemperatures(s) : loss.lsTeacherTemperatures(s)) {
                        for (java.util.Map<String, Double> v : variants) {
                            java.util.Map<String, Double> params = new java.util.LinkedHashMap<>(v);
                            params.put(StudentLoss.TEMPERATURE, t);
                            students.add(new DistilledCell(studentConfig(c, 0.0, seed), teacher, loss.name(), params));
                        }
                    }
                }
            }
        }
        List<Cell> all = new ArrayList<>(teachers);
        all.addAll(students);
        return all;
    }

    static RunConfig teacherConfig(StudyConfig c, double alpha, int seed) {
        TeacherConfig t = c.teacher();
        return new RunConfig(c.data(), NetSpec.parse(t.net()), alpha, t.epochs(), t.batch(), t.lr(), t.lrDecay(),
                t.inputDropout(), t.dropout(), t.jitter(), c.validationSize(), t.patience(), seed, c.trainLimit(),
                c.testLimit(), LearningRateSchedule.Kind.parse(t.lrSchedule()), t.warmupEpochs(), t.maxNorm(),
                t.weightDecay(), t.elasticAlpha(), t.elasticSigma());
    }

    static RunConfig studentConfig(StudyConfig c, double alpha, int seed) {
        StudentConfig s = c.student();
        return new RunConfig(c.data(), NetSpec.parse(s.net()), alpha, s.epochs(), s.batch(), s.lr(), s.lrDecay(),
                s.inputDropout(), s.dropout(), s.jitter(), c.validationSize(), s.patience(), seed, c.trainLimit(),
                c.testLimit(), LearningRateSchedule.Kind.parse(s.lrSchedule()), s.warmupEpochs(), s.maxNorm(),
                s.weightDecay());
    }
}
