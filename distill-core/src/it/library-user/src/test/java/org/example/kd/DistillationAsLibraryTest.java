package org.example.kd;

import io.smoothkd.core.loss.DistillationLoss;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uses distill-core exactly as an outside DL4J user would: a 20-32-5 student whose output layer uses
 * {@link DistillationLoss}, trained on labels packed from hard targets and a "teacher" (a fixed random linear
 * map). The student must learn the teacher's classes well above chance, and its loss must fall.
 */
class DistillationAsLibraryTest {
    private static final int N = 1000;
    private static final int IN = 20;
    private static final int K = 5;

    @Test
    void studentDistilledFromTeacherLogitsLearnsTheTeacher() {
        Nd4j.getRandom().setSeed(12345);
        INDArray x = Nd4j.randn(DataType.FLOAT, N, IN);
        INDArray teacherW = Nd4j.randn(DataType.FLOAT, IN, K);
        INDArray teacherLogits = x.mmul(teacherW);                 // the teacher: a fixed linear map
        INDArray classes = teacherLogits.argMax(1);                // separable synthetic labels
        INDArray hard = Nd4j.zeros(DataType.FLOAT, N, K);
        for (int i = 0; i < N; i++) {
            hard.putScalar(i, classes.getInt(i), 1.0);
        }

        // --- the library usage (README: QuickStart.java is the full example) ---
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(new DistillationLoss(4.0, 0.6))   // T = 4, β = 0.6
                        .nIn(32).nOut(K).activation(Activation.IDENTITY).build())  // pre-output = logits
                .build();
        MultiLayerNetwork student = new MultiLayerNetwork(conf);
        student.init();
        DataSet data = new DataSet(x, DistillationLoss.packLabels(hard, teacherLogits)); // labels [n, 2K]
        double before = student.score(data);
        for (int it = 0; it < 300; it++) {
            student.fit(data);
        }
        double after = student.score(data);
        INDArray studentLogits = student.output(x);               // [n, K] logits
        // --- end of library usage ---

        assertEquals(K, studentLogits.size(1));
        double accuracy = studentLogits.argMax(1).eq(classes).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        System.out.printf("library-user: score %.4f -> %.4f, accuracy %.3f (chance %.2f)%n",
                before, after, accuracy, 1.0 / K);
        assertTrue(accuracy > 0.8, "student accuracy " + accuracy + " should clearly beat chance " + (1.0 / K));
        assertTrue(after < 0.7 * before, "score should fall: before " + before + ", after " + after);
        assertTrue(Double.isFinite(after), "score must be finite");
    }

    @Test
    void theReadmeQuickStartLearnsTheTeacherAndMeasuresCalibration() {
        io.smoothkd.core.calibration.CalibrationSummary cal = QuickStart.distil();
        assertEquals(N, cal.n());
        assertTrue(cal.accuracy() > 0.8, "accuracy " + cal.accuracy() + " should clearly beat chance 0.2");
        assertTrue(cal.ece() >= 0 && cal.ece() <= 1 && Double.isFinite(cal.nll()), "calibration " + cal);
    }

    @Test
    void configurationWithTheLossRoundTripsThroughJson() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .list()
                .layer(new OutputLayer.Builder(new DistillationLoss(2.0, 0.5, true))
                        .nIn(4).nOut(3).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
    }
}
