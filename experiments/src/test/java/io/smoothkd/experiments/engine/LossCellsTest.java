package io.smoothkd.experiments.engine;

import io.smoothkd.runs.Shard;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import io.smoothkd.student.Distillation;
import io.smoothkd.student.StudentTrainer;
import io.smoothkd.teacher.TeacherTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code student.losses}: which distilled cells a study has, their ids, params and fingerprints. */
class LossCellsTest {

    private static StudyConfig study(Path dir, String... lines) throws Exception {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return ConfigLoader.load(f, false);
    }

    private static List<DistilledCell> distilled(StudyConfig c) {
        return new TeacherStudentSuite("paper", "test").cells(c).stream()
                .filter(DistilledCell.class::isInstance).map(DistilledCell.class::cast).toList();
    }

    @Test
    void withoutLossesTheCellsAreThePapersKdCells(@TempDir Path dir) throws Exception {
        StudyConfig c = study(dir, "suite: paper", "seeds: 2", "teacher: {alphas: [0.0, 0.1]}",
                "student: {temperatures: [1, 4], ls_teacher_temperatures: [2], betas: [0.6, 1.0], t_squared: true}");
        List<DistilledCell> cells = distilled(c);
        // hard: 2 T x 2 β, LS: 1 T x 2 β, per seed; the ids as they always were
        assertThat(cells).extracting(DistilledCell::id).containsExactly(
                "student-mnist-from-a0-T1-b0.6-t2-s1", "student-mnist-from-a0-T1-b1-t2-s1",
                "student-mnist-from-a0-T4-b0.6-t2-s1", "student-mnist-from-a0-T4-b1-t2-s1",
                "student-mnist-from-a0.1-T2-b0.6-t2-s1", "student-mnist-from-a0.1-T2-b1-t2-s1",
                "student-mnist-from-a0-T1-b0.6-t2-s2", "student-mnist-from-a0-T1-b1-t2-s2",
                "student-mnist-from-a0-T4-b0.6-t2-s2", "student-mnist-from-a0-T4-b1-t2-s2",
                "student-mnist-from-a0.1-T2-b0.6-t2-s2", "student-mnist-from-a0.1-T2-b1-t2-s2");
        // losses: [{name: kd}] is the same study
        StudyConfig explicit = study(dir, "suite: paper", "seeds: 2", "teacher: {alphas: [0.0, 0.1]}",
                "student: {temperatures: [1, 4], ls_teacher_temperatures: [2], betas: [0.6, 1.0], t_squared: true,"
                        + " losses: [{name: kd}]}");
        assertThat(distilled(explicit)).extracting(DistilledCell::id)
                .isEqualTo(cells.stream().map(DistilledCell::id).toList());
        DistilledCell k = cells.get(2);
        assertThat(k.params()).containsEntry("temperature", 4.0).containsEntry("beta", 0.6)
                .containsEntry("t_squared", true).containsEntry("loss", "kd")
                .containsEntry("loss_params", Map.of("temperature", 4.0, "beta", 0.6, "t_squared", 1.0));
    }

    @Test
    void aKdCellsFingerprintIsTheOneItAlwaysHad(@TempDir Path dir) throws Exception {
        StudyConfig c = study(dir, "suite: paper", "teacher: {alphas: [0.0]}", "student: {temperatures: [4]}");
        DistilledCell k = distilled(c).get(0);
        // what the fingerprint was built from before the losses were wired: the 4-argument kd distillation
        Fingerprint before = StudentTrainer.fingerprint(k.config(), Optional.of(new Distillation(Path.of("."), 4.0,
                0.6, false)), TeacherTrainer.fingerprint(k.teacher().config(), Optional.empty()));
        assertThat(k.cellFingerprint(c).toMap()).isEqualTo(before.toMap());
    }

    @Test
    void otherLossesAddTheirNameAndNonDefaultParametersToIdParamsAndFingerprint(@TempDir Path dir)
            throws Exception {
        StudyConfig c = study(dir, "suite: paper", "teacher: {alphas: [0.0, 0.1]}",
                "student:",
                "  temperatures: [4]",
                "  ls_teacher_temperatures: [2]",
                "  losses:",
                "    - {name: kd}",
                "    - {name: dkd, temperatures: [1, 4]}",
                "    - {name: dkd, params: {beta: 2, ce_weight: 1}, temperatures: [4], ls_teacher_temperatures: [4]}",
                "    - {name: logit_std, params: {kd_weight: 9}}");
        List<DistilledCell> cells = distilled(c);
        assertThat(cells).extracting(DistilledCell::id).containsExactly(
                "student-mnist-from-a0-T4-b0.6-s1",
                "student-mnist-from-a0-T1-dkd-s1", "student-mnist-from-a0-T4-dkd-s1",
                "student-mnist-from-a0-T4-dkd-beta2-s1",
                "student-mnist-from-a0-T4-logit_std-s1",
                "student-mnist-from-a0.1-T2-b0.6-s1",
                // an entry's temperatures are every teacher's unless ls_teacher_temperatures says otherwise
                "student-mnist-from-a0.1-T1-dkd-s1", "student-mnist-from-a0.1-T4-dkd-s1",
                "student-mnist-from-a0.1-T4-dkd-beta2-s1",
                "student-mnist-from-a0.1-T2-logit_std-s1");
        DistilledCell dkd = cells.get(3);
        assertThat(dkd.params()).containsEntry("loss", "dkd").containsEntry("temperature", 4.0)
                .containsEntry("teacher_alpha", 0.0).doesNotContainKeys("beta", "t_squared")
                .containsEntry("loss_params", Map.of("temperature", 4.0, "alpha", 1.0, "beta", 2.0, "ce_weight", 1.0));
        Map<String, Object> fp = dkd.cellFingerprint(c).toMap();
        assertThat(fp.toString()).contains("loss=dkd").contains("beta=2.0").contains("alpha=1.0");
        assertThat(cells.get(2).cellFingerprint(c).toMap()).isNotEqualTo(fp);
        assertThat(cells.get(4).cellFingerprint(c).toString()).contains("logit_std");
        // the Distillation the trainer gets is the cell's loss
        assertThat(dkd.distillation(Path.of("t")).loss()).isEqualTo("dkd");
        assertThat(dkd.distillation(Path.of("t")).params()).isEqualTo(dkd.lossParams());
    }

    @Test
    void theModernKdSuiteHasEveryLossOnHardAndLsTeachersOfBothDataSets() {
        StudyConfig full = ConfigLoader.builtIn("modern-kd", false);
        assertThat(full.studies()).extracting(StudyConfig::data).containsExactly("mnist", "fashion-mnist");
        for (StudyConfig part : full.studies()) {
            assertThat(part.seeds()).isEqualTo(5);
            assertThat(part.teacher().alphas()).contains(0.0, 0.1);
            List<DistilledCell> cells = distilled(part);
            for (String loss : io.smoothkd.core.loss.DistillationLosses.names()) {
                for (double alpha : part.teacher().alphas()) {
                    assertThat(cells).as(loss + " at T = 1 from α = " + alpha).anyMatch(x -> loss.equals(x.loss())
                            && x.temperature() == 1.0 && x.teacher().config().alpha() == alpha);
                }
            }
        }
        StudyConfig quick = ConfigLoader.builtIn("modern-kd", true);
        assertThat(quick.studies()).allSatisfy(p -> assertThat(distilled(p)).extracting(DistilledCell::loss)
                .containsAll(io.smoothkd.core.loss.DistillationLosses.names()));
    }

    @Test
    void aTinyStudyWithDkdRecordsItsPartsAsANaiveLoopOverTheRunFoldersLogitsGives(@TempDir Path dir)
            throws Exception {
        StudyConfig study = study(dir, "suite: modern-kd", "data: mnist", "validation_size: 300", "train_limit: 900",
                "test_limit: 200", "teacher: {net: 784-32-10, alphas: [0.0, 0.1], epochs: 1}",
                "student: {net: 784-16-10, epochs: 1, from_labels: false, temperatures: [2],",
                "  losses: [{name: kd}, {name: dkd, params: {beta: 2}, temperatures: [4]}]}");
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        Path out = dir.resolve("out");
        assertThat(runner.run(study, out, Shard.ALL, false, false).complete()).isTrue();
        try (var files = Files.list(out.resolve("cells"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "student-mnist-from-a0-T2-b0.6-s1.json", "student-mnist-from-a0-T4-dkd-beta2-s1.json",
                    "student-mnist-from-a0.1-T2-b0.6-s1.json", "student-mnist-from-a0.1-T4-dkd-beta2-s1.json",
                    "teacher-mnist-a0-s1.json", "teacher-mnist-a0.1-s1.json");
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var cell = json.readTree(out.resolve("cells/student-mnist-from-a0.1-T4-dkd-beta2-s1.json").toFile());
        assertThat(cell.path("params").path("loss").asText()).isEqualTo("dkd");
        assertThat(cell.path("params").path("loss_params").path("beta").asDouble()).isEqualTo(2.0);
        assertThat(cell.path("fingerprint").toString()).contains("\"distillation.loss\":\"dkd\"", "\"distillation.beta\":2.0");
        // TCKD and NCKD at T = 4 by a naive loop over the teacher's and the student's test logits
        float[][] t = org.nd4j.linalg.factory.Nd4j.createFromNpyFile(out.resolve(
                "runs/teacher-mnist-a0.1-s1/logits-test.npy").toFile()).toFloatMatrix();
        float[][] z = org.nd4j.linalg.factory.Nd4j.createFromNpyFile(out.resolve(
                "runs/student-mnist-from-a0.1-T4-dkd-beta2-s1/logits-test.npy").toFile()).toFloatMatrix();
        long[] y = org.nd4j.linalg.factory.Nd4j.createFromNpyFile(out.resolve(
                "runs/student-mnist-from-a0.1-T4-dkd-beta2-s1/labels-test.npy").toFile()).toLongVector();
        double tckd = 0;
        double nckd = 0;
        for (int i = 0; i < y.length; i++) {
            double[] pt = softmax(t[i], 4);
            double[] ps = softmax(z[i], 4);
            int g = (int) y[i];
            tckd += pt[g] * Math.log(pt[g] / ps[g]) + (1 - pt[g]) * Math.log((1 - pt[g]) / (1 - ps[g]));
            double restT = 1 - pt[g];
            double restS = 1 - ps[g];
            for (int k = 0; k < pt.length; k++) {
                if (k != g) {
                    double qt = pt[k] / restT;
                    nckd += qt * Math.log(qt / (ps[k] / restS));
                }
            }
        }
        assertThat(cell.path("metrics").path("test_tckd").asDouble()).isCloseTo(tckd / y.length,
                org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, tckd / y.length)));
        assertThat(cell.path("metrics").path("test_nckd").asDouble()).isCloseTo(nckd / y.length,
                org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, nckd / y.length)));
        assertThat(json.readTree(out.resolve("cells/student-mnist-from-a0-T2-b0.6-s1.json").toFile())
                .path("metrics").has("test_tckd")).isFalse();
        // resumed with the same settings: nothing to run; the report has the losses section
        assertThat(runner.run(study, out, Shard.ALL, true, false).ran()).isZero();
        String report = Files.readString(io.smoothkd.report.ReportWriter.write(out));
        assertThat(report).contains("Distillation losses: the LS-teacher penalty").contains("dkd (beta = 2)");
    }

    private static double[] softmax(float[] v, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x / temperature);
        }
        double[] p = new double[v.length];
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            p[k] = Math.exp(v[k] / temperature - max);
            sum += p[k];
        }
        for (int k = 0; k < v.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
