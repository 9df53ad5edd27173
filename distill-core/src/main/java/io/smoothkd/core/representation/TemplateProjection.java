package io.smoothkd.core.representation;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The three-template projection of the paper (§2, Figure 1). Class k's template is its column of the output
 * layer's weights with the bias appended, w_k = [W_{·k}; b_k] ∈ R^{H+1}, so that the logit is z_k = [h; 1]·w_k.
 * For three classes (a, b, c) an orthonormal basis (u₁, u₂) of the plane through the templates is the Q factor
 * of [w_a − w_c, w_b − w_c] (Gram–Schmidt, positive diagonal of R). A penultimate activation h is extended by
 * 1 and projected: (⟨[h;1], u₁⟩, ⟨[h;1], u₂⟩). Distances between templates are preserved in the plane.
 */
public final class TemplateProjection {
    private final int[] classes;
    private final double[][] templates; // 3 × (H+1)
    private final double[] u1;
    private final double[] u2;

    private TemplateProjection(int[] classes, double[][] templates, double[] u1, double[] u2) {
        this.classes = classes;
        this.templates = templates;
        this.u1 = u1;
        this.u2 = u2;
    }

    /**
     * @param weights output-layer weights {@code [H, K]} (DL4J's layout: nIn × nOut)
     * @param bias    output-layer bias, K values
     * @param a       first class
     * @param b       second class
     * @param c       third class (the plane's origin direction: differences are taken to it)
     */
    public static TemplateProjection of(INDArray weights, INDArray bias, int a, int b, int c) {
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("weights must be [H, K], got " + Arrays.toString(weights.shape()));
        }
        int h = (int) weights.size(0);
        int k = (int) weights.size(1);
        if (bias.length() != k) {
            throw new IllegalArgumentException("bias must have K = " + k + " values, got " + bias.length());
        }
        int[] cls = {a, b, c};
        for (int cl : cls) {
            if (cl < 0 || cl >= k) {
                throw new IllegalArgumentException("class " + cl + " is outside [0, " + k + ")");
            }
        }
        if (a == b || b == c || a == c) {
            throw new IllegalArgumentException("the three classes must differ, got " + a + ", " + b + ", " + c);
        }
        INDArray w = weights.castTo(DataType.DOUBLE);
        double[] bv = bias.castTo(DataType.DOUBLE).reshape(k).toDoubleVector();
        double[][] t = new double[3][h + 1];
        for (int i = 0; i < 3; i++) {
            double[] col = w.getColumn(cls[i]).toDoubleVector();
            System.arraycopy(col, 0, t[i], 0, h);
            t[i][h] = bv[cls[i]];
        }
        double[] d1 = subtract(t[0], t[2]);
        double[] d2 = subtract(t[1], t[2]);
        double n1 = norm(d1);
        if (n1 == 0.0) {
            throw new IllegalArgumentException("templates of classes " + a + " and " + c + " coincide: no plane");
        }
        double[] u1 = scale(d1, 1.0 / n1);
        double r12 = dot(u1, d2);
        double[] v = d2.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] -= r12 * u1[i];
        }
        double n2 = norm(v);
        if (n2 <= 1e-12 * Math.max(n1, norm(d2))) {
            throw new IllegalArgumentException("templates of classes " + a + ", " + b + ", " + c
                    + " are collinear: they span no plane");
        }
        return new TemplateProjection(cls, t, u1, scale(v, 1.0 / n2));
    }

    /** From the output layer of a network (parameters "W" and "b"). */
    public static TemplateProjection of(MultiLayerNetwork net, int a, int b, int c) {
        org.deeplearning4j.nn.api.Layer out = net.getOutputLayer();
        return of(out.getParam("W"), out.getParam("b"), a, b, c);
    }

    /** Coordinates {@code [n, 2]} of penultimate activations {@code [n, H]} in the plane. */
    public INDArray project(INDArray activations) {
        int h = u1.length - 1;
        if (activations.rank() != 2 || activations.size(1) != h) {
            throw new IllegalArgumentException("activations must be [n, " + h + "], got "
                    + Arrays.toString(activations.shape()));
        }
        INDArray basis = Nd4j.create(new double[][] {u1, u2}).transpose(); // (H+1) × 2
        INDArray acts = activations.castTo(DataType.DOUBLE);
        INDArray ext = Nd4j.hstack(acts, Nd4j.ones(DataType.DOUBLE, acts.size(0), 1));
        return ext.mmul(basis);
    }

    /** Coordinates {@code [3, 2]} of the three templates themselves. */
    public INDArray templateCoordinates() {
        double[][] out = new double[3][];
        for (int i = 0; i < 3; i++) {
            out[i] = new double[] {dot(templates[i], u1), dot(templates[i], u2)};
        }
        return Nd4j.create(out);
    }

    /** The orthonormal basis {@code [H+1, 2]}. */
    public INDArray basis() {
        return Nd4j.create(new double[][] {u1, u2}).transpose().dup('c');
    }

    public int[] classes() {
        return classes.clone();
    }

    private static double[] subtract(double[] x, double[] y) {
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[i] - y[i];
        }
        return r;
    }

    private static double[] scale(double[] x, double s) {
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[i] * s;
        }
        return r;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0.0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
