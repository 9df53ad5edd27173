package io.smoothkd.student;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.loss.DecoupledKnowledgeDistillationLoss;
import io.smoothkd.core.data.Npy;
import io.smoothkd.core.loss.DistillationLoss;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.nets.NetworkOptions;
import io.smoothkd.core.nets.Networks;
import io.smoothkd.core.representation.NetworkLogits;
import io.smoothkd.core.representation.PenultimateActivations;
import io.smoothkd.runs.ExperimentData;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunFolder;
import io.smoothkd.runs.Runs;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Students on real MNIST, distilled from a teacher run folder the test writes itself (a student reads files, never
 * teacher code).
 */
class StudentTrainerTest {
    static final RunConfig CONFIG = new RunConfig("mnist", NetSpec.parse("784-64-10"), 0.0, 2, 64, 2e-3, 0.9, 0.0,
            0.0, 0, 1000, 0, 5, 3000, 1000);
    @TempDir
    static Path dir;
    static Path teacherDir;
    static ExperimentData data;
    static MultiLayerNetwork teacher;

    /** A teacher run folder: a briefly trained softmax MLP, its logits of every training row, its provenance. */
    @BeforeAll
    static void writeTeacher() throws Exception {
        data = Runs.load(DatasetRepository.atDefaultLocation(), CONFIG);
        teacher = Networks.build(NetSpec.parse("784-100-10"), 1, 28, 28, 10, NetworkOptions.defaults(9),
                Networks.labelHead());
        ImageDataSetIterator it = ImageDataSetIterator.over(data.train()).batchSize(100).seed(1).build();
        teacher.fit(it, 2);
        teacherDir = dir.resolve("teacher");
        RunFolder f = RunFolder.create(teacherDir, "teacher", Fingerprint.of(CONFIG), false, false);
        f.writeModel(teacher);
        f.writeArray(RunFolder.LOGITS_TRAIN, Runs.logits(teacher, data.fullTrain()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dataset", "mnist");
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("kind", "teacher");
        prov.put("config", config);
        prov.put("classes", 10);
        f.finish(Map.of("test_accuracy", 0.9), prov);
    }

    @Test
    void cachedTeacherLogitsAreTheTeachersLogitsOfTheBatchRows() {
        ImageDataSetIterator it = Runs.trainIterator(data, CONFIG);
        TeacherArtifact artifact = TeacherArtifact.open(teacherDir, "mnist", 10);
        DistillationBatches batches = DistillationBatches.cached(it, artifact.trainLogits(60000), data.trainRows());
        DataSet b = batches.next();
        INDArray packed = b.getLabels();
        assertThat(packed.size(1)).isEqualTo(20);
        INDArray teacherPart = packed.get(NDArrayIndex.all(), NDArrayIndex.interval(10, 20));
        // without augmentation the batch features are the raw examples: the teacher's forward must agree
        INDArray direct = NetworkLogits.of(teacher, b.getFeatures(), 1000);
        assertThat(teacherPart.equalsWithEps(direct, 1e-4)).isTrue();
        // and the hard part is the one-hot label of the same rows
        assertThat(packed.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 10)).sum(1).minNumber().doubleValue())
                .isEqualTo(1.0);
    }

    @Test
    void aDistillationStepsGradientIsTheLossOwnGradient() {
        DistillationLoss loss = new DistillationLoss(3, 0.6, true);
        MultiLayerNetwork student = Networks.build(CONFIG.net(), 1, 28, 28, 10, NetworkOptions.defaults(2),
                Networks.distillationHead(loss));
        DataSet b = DistillationBatches.online(Runs.trainIterator(data, CONFIG), teacher).next();
        student.setInput(b.getFeatures());
        student.setLabels(b.getLabels());
        student.computeGradientAndScore();
        Gradient g = student.gradient();
        INDArray h = PenultimateActivations.of(student, b.getFeatures());
        INDArray z = PenultimateActivations.logits(student, h);
        INDArray dz = loss.computeGradient(b.getLabels(), z, new ActivationIdentity(), null);
        // output layer: dL/db = Σ_i dL/dz_i, dL/dW = hᵀ·dL/dz (DL4J divides by the batch size in the updater)
        assertThat(g.getGradientFor("1_b").reshape(10).equalsWithEps(dz.sum(0), 1e-3)).isTrue();
        assertThat(g.getGradientFor("1_W").equalsWithEps(h.transpose().mmul(dz), 1e-3)).isTrue();
        assertThat(student.score()).isCloseTo(loss.computeScore(b.getLabels(), z, new ActivationIdentity(), null, true),
                org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void distilledStudentLearnsAndNamesItsTeacher() throws Exception {
        io.smoothkd.runs.RunTrainer.Result r = new StudentTrainer(DatasetRepository.atDefaultLocation()).train(CONFIG,
                Optional.of(new Distillation(teacherDir, 4, 0.6, false)), dir.resolve("s"), false, false);
        assertThat((double) r.metrics().get("test_accuracy")).isGreaterThan(0.8);
        Map<String, Object> prov = RunFolder.open(dir.resolve("s")).readMap(RunFolder.PROVENANCE);
        assertThat(prov.get("kind")).isEqualTo("student");
        assertThat(prov.get("teacher_logits")).isEqualTo("cached logits");
        @SuppressWarnings("unchecked")
        Map<String, Object> ref = (Map<String, Object>) prov.get("teacher");
        assertThat(ref.get("path")).isEqualTo(teacherDir.toAbsolutePath().toString());
        assertThat((String) ref.get("model_sha256")).hasSize(64);
    }

    @Test
    void aStudentDistilledWithDkdByNameCarriesThatLossAndRecordsIt() throws Exception {
        Distillation dkd = new Distillation(teacherDir, "dkd", Map.of("beta", 2.0));
        io.smoothkd.runs.RunTrainer.Result r = new StudentTrainer(DatasetRepository.atDefaultLocation()).train(CONFIG,
                Optional.of(dkd), dir.resolve("s-dkd"), false, false);
        assertThat((double) r.metrics().get("test_accuracy")).isGreaterThan(0.8);
        assertThat(((org.deeplearning4j.nn.conf.layers.OutputLayer) r.network().getLayerWiseConfigurations()
                .getConf(1).getLayer()).getLossFn()).isEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 2, 1));
        MultiLayerNetwork saved = RunFolder.open(dir.resolve("s-dkd")).readModel();
        assertThat(((org.deeplearning4j.nn.conf.layers.OutputLayer) saved.getLayerWiseConfigurations().getConf(1)
                .getLayer()).getLossFn()).isEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 2, 1));
        Map<String, Object> prov = RunFolder.open(dir.resolve("s-dkd")).readMap(RunFolder.PROVENANCE);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) prov.get("distillation");
        assertThat(spec.get("loss")).isEqualTo("dkd");
        assertThat(spec.get("params")).isEqualTo(Map.of("temperature", 4.0, "alpha", 1.0, "beta", 2.0,
                "ce_weight", 1.0));
        assertThat(r.metrics()).containsKey("teacher_equivalent_smoothing");
    }

    @Test
    void badTeacherFoldersAreClearErrors() throws Exception {
        StudentTrainer trainer = new StudentTrainer(DatasetRepository.atDefaultLocation());
        assertThatThrownBy(() -> trainer.train(CONFIG, Optional.of(new Distillation(dir.resolve("nope"), 4, 0.6, false)),
                dir.resolve("x1"), false, false)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TeacherArtifact.open(teacherDir, "mnist", 3)).hasMessageContaining("10 classes");
        assertThatThrownBy(() -> TeacherArtifact.open(teacherDir, "fashion-mnist", 10))
                .hasMessageContaining("trained on mnist");
        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        for (String f : new String[] {"provenance.json", "metrics.json"}) {
            Files.copy(teacherDir.resolve(f), corrupt.resolve(f));
        }
        Files.writeString(corrupt.resolve("model.zip"), "this is not a zip");
        assertThatThrownBy(() -> TeacherArtifact.open(corrupt, "mnist", 10).model())
                .hasMessageContaining("model.zip").hasMessageContaining("not a readable DL4J model");
        assertThatThrownBy(() -> TeacherArtifact.open(corrupt, "mnist", 10).trainLogits(60000))
                .hasMessageContaining("logits-train.npy");
        assertThat(dir.resolve("x1")).doesNotExist();
    }

    /** A copy of the teacher folder with one file changed. */
    static Path teacherCopy(String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(teacherDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    @Test
    void aTeacherWhoseProvenanceSaysClassesTenIsAClearError() throws Exception {
        Path t = teacherCopy("classes-text");
        Files.writeString(t.resolve("provenance.json"), Files.readString(t.resolve("provenance.json"))
                .replaceFirst("\"classes\" : 10", "\"classes\" : \"ten\""));
        assertThatThrownBy(() -> TeacherArtifact.open(t, "mnist", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classes is 'ten'").hasMessageContaining("expected an integer");
    }

    @Test
    void teacherLogitsWithNaNAreRefusedNamingTheFileBeforeTraining() throws Exception {
        Path t = teacherCopy("nan-logits");
        INDArray z = Npy.read(t.resolve("logits-train.npy"));
        z.putScalar(5, 3, Double.NaN);
        Npy.write(z, t.resolve("logits-train.npy"));
        StudentTrainer trainer = new StudentTrainer(DatasetRepository.atDefaultLocation());
        assertThatThrownBy(() -> trainer.train(CONFIG, Optional.of(new Distillation(t, 4, 0.6, false)),
                dir.resolve("x-nan"), false, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logits-train.npy").hasMessageContaining("NaN at row 5, column 3");
        assertThat(dir.resolve("x-nan")).doesNotExist();
    }

    @Test
    void aMissingOrGarbageTeacherModelIsFoundBeforeTrainingEvenFromCachedLogits() throws Exception {
        assertThat(CONFIG.jitter()).isZero(); // the student reads cached logits and never runs the teacher
        Path missing = teacherCopy("no-model");
        Files.delete(missing.resolve("model.zip"));
        Path garbage = teacherCopy("garbage-model");
        Files.writeString(garbage.resolve("model.zip"), "not a zip");
        StudentTrainer trainer = new StudentTrainer(DatasetRepository.atDefaultLocation());
        for (Path t : new Path[] {missing, garbage}) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> trainer.train(CONFIG, Optional.of(new Distillation(t, 4, 0.6, false)),
                    dir.resolve("x-model"), false, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model.zip");
            assertThat(dir.resolve("x-model")).doesNotExist(); // no training ran into it
        }
    }

    @Test
    void resumingADistilledStudentWithAnotherTemperatureOrTeacherIsRefused() throws Exception {
        Path out = dir.resolve("s-resume");
        StudentTrainer trainer = new StudentTrainer(DatasetRepository.atDefaultLocation());
        trainer.train(CONFIG, Optional.of(new Distillation(teacherDir, 4, 0.6, false)), out, false, false);
        assertThatThrownBy(() -> trainer.train(CONFIG, Optional.of(new Distillation(teacherDir, 2, 0.6, false)), out,
                true, false)).hasMessageContaining("distillation.temperature = 4 there, 2 now");
        Path other = teacherCopy("other-teacher");
        Files.writeString(other.resolve("run.json"), Files.readString(other.resolve("run.json"))
                .replace("\"alpha\" : 0.0", "\"alpha\" : 0.1"));
        assertThatThrownBy(() -> trainer.train(CONFIG, Optional.of(new Distillation(other, 4, 0.6, false)), out,
                true, false)).hasMessageContaining("teacher.alpha = 0 there, 0.1 now");
        // the same settings: the finished student is returned as it is
        assertThat(trainer.train(CONFIG, Optional.of(new Distillation(teacherDir, 4, 0.6, false)), out, true, false)
                .folder()).isEqualTo(out);
    }
}
