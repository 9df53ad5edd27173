package io.smoothkd.student;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.loss.DecoupledKnowledgeDistillationLoss;
import io.smoothkd.core.loss.DistillationLoss;
import io.smoothkd.core.targets.LabelSmoothing;
import io.smoothkd.core.nets.Networks;
import io.smoothkd.core.targets.EquivalentSmoothing;
import io.smoothkd.runs.EpochBatches;
import io.smoothkd.runs.ExperimentData;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.runs.RunFolder;
import io.smoothkd.runs.Runs;
import io.smoothkd.runs.RunTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a student (paper §4): from labels (α = 0), from label-smoothed labels (α &gt; 0), or distilled from a
 * teacher run folder with a loss of {@link io.smoothkd.core.loss.DistillationLosses} ({@code kd}, the paper's
 * {@link io.smoothkd.core.loss.DistillationLoss} at (T, β, T² on/off), or another by name), where the hard part
 * of the loss uses the (possibly smoothed) labels. Writes the same run folder as a teacher, with the teacher's
 * provenance by reference. A {@code dkd} student's metrics also hold {@code test_tckd} and {@code test_nckd}: the
 * test-set means of DKD's two KL terms (without T², alpha, beta) between the teacher and the final student, with
 * the true test label as the target class.
 */
public final class StudentTrainer extends RunTrainer {
    public StudentTrainer(DatasetRepository repository) {
        super(KIND, repository);
    }

    /** Kind of a student run. */
    public static final String KIND = "student";

    /**
     * What determines a student's result: its configuration, the distillation settings (not the teacher's path) and
     * the teacher's own fingerprint under {@code teacher.}.
     */
    public static Fingerprint fingerprint(RunConfig config, Optional<Distillation> distillation,
                                          TeacherArtifact teacher) {
        return fingerprint(config, distillation, teacher == null ? null : teacher.fingerprint());
    }

    /** The same from the teacher's fingerprint (null without a teacher). */
    public static Fingerprint fingerprint(RunConfig config, Optional<Distillation> distillation, Fingerprint teacher) {
        Fingerprint f = Fingerprint.of(config);
        if (distillation.isPresent()) {
            // the loss and each of its parameters as keys of their own, so that a mismatch names the parameter
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("loss", distillation.get().loss());
            d.putAll(distillation.get().params());
            f = f.with("distillation", d);
        }
        return teacher == null ? f : f.with("teacher", teacher.toMap());
    }

    public Result train(RunConfig config, Optional<Distillation> distillation, Path out, boolean resume,
                        boolean force) throws IOException {
        return run(config, out, resume, force, new Spec() {
            private TeacherArtifact teacher;
            private MultiLayerNetwork teacherNet;
            private INDArray cached;
            private String teacherSource = "none";

            @Override
            public Fingerprint prepare(ExperimentData data) {
                // Check the teacher before touching the output folder.
                teacher = distillation.map(d -> TeacherArtifact.open(d.teacher(), config.dataset(), data.classes()))
                        .orElse(null);
                return fingerprint(config, distillation, teacher);
            }

            @Override
            public Networks.Head head() {
                return distillation.map(d -> Networks.distillationHead(d.lossFunction())).orElse(Networks.labelHead());
            }

            @Override
            public String detail() {
                return distillation.map(Distillation::label).orElse("α=" + config.alpha());
            }

            @Override
            public void load(ExperimentData data) throws IOException {
                if (teacher != null) {
                    // The teacher's model is read (and checked) even when its cached logits are used: a missing or
                    // corrupt model.zip is found now, not after training, when the provenance references it.
                    teacherNet = teacher.model();
                    cached = config.jitter() == 0 ? teacher.trainLogits(data.fullTrain().size()) : null;
                }
            }

            @Override
            public EpochBatches batches(ExperimentData data, ImageDataSetIterator it) {
                if (teacher == null) {
                    return Runs.epochs(it, i -> i);
                }
                if (cached != null) {
                    teacherSource = "cached logits";
                    INDArray logits = cached;
                    return Runs.epochs(it, i -> DistillationBatches.cached(i, logits, data.trainRows()));
                }
                teacherSource = "forward on each augmented batch";
                return Runs.epochs(it, i -> DistillationBatches.online(i, teacherNet));
            }

            @Override
            public Map<String, Object> finishing(MultiLayerNetwork trained, ExperimentData data,
                                                 Runs.Evaluation evaluation, Map<String, Object> metrics)
                    throws IOException {
                Map<String, Object> extra = new LinkedHashMap<>();
                if (teacher == null) {
                    return extra;
                }
                // Equivalent smoothing γ of the teacher softened at T, over the examples the student trains on (§4).
                double temperature = distillation.get().temperature();
                if (Double.isFinite(temperature)) {
                    INDArray teacherTrain = cached != null ? cached : teacher.trainLogits(data.fullTrain().size());
                    metrics.put("teacher_equivalent_smoothing", EquivalentSmoothing.ofLogits(
                            Nd4j.pullRows(teacherTrain, 1, data.trainRows()), data.train().labels(), temperature));
                }
                if (distillation.get().lossFunction() instanceof DecoupledKnowledgeDistillationLoss dkd) {
                    // DKD's two parts between the teacher and the final student on the test set (Zhao et al. 2022)
                    INDArray teacherTest = Runs.logits(teacherNet, data.test());
                    DecoupledKnowledgeDistillationLoss.Decomposition parts = dkd.decompose(DistillationLoss.packLabels(
                            LabelSmoothing.oneHot(data.test().labels(), data.classes(), teacherTest.dataType()),
                            teacherTest), evaluation.testLogits());
                    metrics.put("test_tckd", mean(parts.tckd()));
                    metrics.put("test_nckd", mean(parts.nckd()));
                }
                extra.put("distillation", distillation.get().toMap());
                extra.put("teacher_logits", teacherSource);
                extra.put("teacher", teacher.reference());
                return extra;
            }
        });
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }
}
