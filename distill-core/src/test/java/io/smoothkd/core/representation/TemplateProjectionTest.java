package io.smoothkd.core.representation;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TemplateProjectionTest {

    static double[] template(INDArray w, INDArray b, int k) {
        int h = (int) w.size(0);
        double[] t = new double[h + 1];
        for (int i = 0; i < h; i++) {
            t[i] = w.getDouble(i, k);
        }
        t[h] = b.getDouble(k);
        return t;
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void basisIsOrthonormalSpansTheTemplateDifferencesAndPreservesTheirDistances() {
        Random r = new Random(9);
        int h = 6;
        int k = 5;
        INDArray w = Nd4j.randn(DataType.DOUBLE, h, k);
        INDArray b = Nd4j.randn(DataType.DOUBLE, k);
        TemplateProjection p = TemplateProjection.of(w, b, 1, 3, 4);
        INDArray q = p.basis();
        INDArray gram = q.transpose().mmul(q);
        assertThat(gram.equalsWithEps(Nd4j.eye(2).castTo(DataType.DOUBLE), 1e-12)).isTrue();
        double[][] t = {template(w, b, 1), template(w, b, 3), template(w, b, 4)};
        INDArray coords = p.templateCoordinates();
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double inPlane = Math.hypot(coords.getDouble(i, 0) - coords.getDouble(j, 0),
                        coords.getDouble(i, 1) - coords.getDouble(j, 1));
                assertThat(inPlane).isCloseTo(dist(t[i], t[j]), within(1e-10));
            }
        }
        // Q R = [w1 − w3, w2 − w3] with R upper triangular, positive diagonal
        double[] d1 = new double[h + 1];
        for (int i = 0; i < h + 1; i++) {
            d1[i] = t[0][i] - t[2][i];
        }
        double r11 = 0;
        for (int i = 0; i < h + 1; i++) {
            r11 += q.getDouble(i, 0) * d1[i];
        }
        assertThat(r11).isCloseTo(dist(t[0], t[2]), within(1e-10));
        // activations are projected by the literal dot products with [h; 1]
        INDArray acts = Nd4j.randn(DataType.DOUBLE, 4, h);
        INDArray proj = p.project(acts);
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 2; c++) {
                double s = q.getDouble(h, c);
                for (int i = 0; i < h; i++) {
                    s += acts.getDouble(n, i) * q.getDouble(i, c);
                }
                assertThat(proj.getDouble(n, c)).isCloseTo(s, within(1e-12));
            }
        }
        assertThat(r).isNotNull();
    }

    @Test
    void rejectsCollinearTemplatesAndBadClasses() {
        INDArray w = Nd4j.create(new double[][] {{1, 2, 3}, {1, 2, 3}});
        INDArray b = Nd4j.create(new double[] {0, 0, 0});
        assertThatThrownBy(() -> TemplateProjection.of(w, b, 0, 1, 2)).hasMessageContaining("collinear");
        assertThatThrownBy(() -> TemplateProjection.of(w, b, 0, 0, 2)).hasMessageContaining("differ");
        assertThatThrownBy(() -> TemplateProjection.of(w, b, 0, 1, 5)).hasMessageContaining("outside");
    }

    @Test
    void penultimateActivationsAndLogitsOfANetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(5).nOut(3).activation(Activation.IDENTITY)
                        .lossFunction(LossFunctions.LossFunction.MSE).build())
                .build());
        net.init();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 7, 3);
        INDArray h = PenultimateActivations.of(net, x);
        // by hand: tanh(relu(x W1 + b1) W2 + b2)
        INDArray a1 = x.mmul(net.getLayer(0).getParam("W")).addRowVector(net.getLayer(0).getParam("b"));
        a1 = org.nd4j.linalg.ops.transforms.Transforms.relu(a1);
        INDArray a2 = org.nd4j.linalg.ops.transforms.Transforms.tanh(
                a1.mmul(net.getLayer(1).getParam("W")).addRowVector(net.getLayer(1).getParam("b")));
        assertThat(h.equalsWithEps(a2, 1e-12)).isTrue();
        assertThat(PenultimateActivations.logits(net, h).equalsWithEps(net.output(x), 1e-12)).isTrue();
    }
}
