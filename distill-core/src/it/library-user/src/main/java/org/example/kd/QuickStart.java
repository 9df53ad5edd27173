package org.example.kd;

import io.smoothkd.core.calibration.CalibrationSummary;
import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.loss.DistillationLoss;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Distils a 20-32-5 student from a teacher's logits with DistillationLoss, then measures its calibration. */
public final class QuickStart {
    public static void main(String[] args) {
        CalibrationSummary cal = distil();
        System.out.printf("accuracy %.3f, ECE %.4f, NLL %.4f%n", cal.accuracy(), cal.ece(), cal.nll());
    }

    public static CalibrationSummary distil() {
        Nd4j.getRandom().setSeed(12345);
        int n = 1000, in = 20, k = 5;
        INDArray x = Nd4j.randn(DataType.FLOAT, n, in);                      // inputs [n, 20]
        INDArray teacherLogits = x.mmul(Nd4j.randn(DataType.FLOAT, in, k));  // a teacher's logits [n, 5]
        int[] labels = teacherLogits.argMax(1).toIntVector();                // class indices [n]
        INDArray hard = Nd4j.zeros(DataType.FLOAT, n, k);                    // one-hot (or label-smoothed) targets
        for (int i = 0; i < n; i++) {
            hard.putScalar(i, labels[i], 1.0);
        }

        MultiLayerNetwork student = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(new DistillationLoss(4.0, 0.6))      // T = 4, β = 0.6, paper's form
                        .nIn(32).nOut(k).activation(Activation.IDENTITY).build())     // pre-output = student logits z
                .build());
        student.init();
        DataSet data = new DataSet(x, DistillationLoss.packLabels(hard, teacherLogits)); // labels [n, 2K]
        for (int it = 0; it < 300; it++) {
            student.fit(data);
        }
        return CalibrationSummary.of(ClassificationLogits.of(student.output(x), labels), 15); // 15 bins
    }
}
