package io.smoothkd.core.nets;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * DL4J's 2-D convolution layer (NCHW, "same" mode, stride 1, ReLU, float32) computed as one im2col matrix product.
 *
 * <p>Without oneDNN, nd4j-native's convolution writes its im2col buffer through a permuted (strided) view, element
 * by element, and so spends most of a training step copying (in a profile here: 42 % of the CNN step in strided
 * copies, 12 % in the products themselves). This layer builds the column matrix itself, column-major
 * {@code [b·H·W, C·k·k]} with contiguous runs, and does the three products of a convolution (forward, weight
 * gradient, input gradient) as single BLAS calls on it:
 * <pre>  Z = col · W₂ᵀ,   ∂W₂ = Dᵀ · col,   ∂col = D · W₂   (W₂ = W as [C_out, C·k·k], D = ∂L/∂z as [b·H·W, C_out])</pre>
 * then scatters ∂col back to the input (col2im). The arithmetic is the same convolution; only the summation order
 * of the products differs from DL4J's, so results agree to float rounding. Parameters, gradient views, the saved
 * configuration and everything else stay DL4J's; {@link FastLayers} creates these layer objects in DL4J's own
 * {@code init}, as it does {@link ReluDenseLayer}. Anything outside the supported case (a mask, another shape of input) falls back to
 * DL4J's own code; so does a backprop without this layer's training-mode forward pass just before it.
 */
final class Im2colConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;
    /** The column matrix of the last training forward pass (column-major), reused as ∂col in backprop. */
    private transient INDArray col;
    private transient float[] colHeap;
    /** Post-activation output of the last training forward pass, NCHW, for the ReLU derivative. */
    private final ForwardCache<float[]> forward = new ForwardCache<>();
    private transient INDArray z;
    private transient INDArray d;
    /** How many backprops used the forward state (for tests). */
    transient long reused;

    Im2colConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private int kernel() {
        return layerConf().getKernelSize()[0];
    }

    private boolean supports(INDArray x) {
        return x != null && x.rank() == 4 && x.dataType() == DataType.FLOAT && maskArray == null
                && x.size(1) == layerConf().getNIn();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        forward.forget();
        if (!supports(input)) {
            return super.activate(training, workspaceMgr);
        }
        Dims s = dims();
        int b = s.b(), c = s.c(), h = s.h(), w = s.w(), k = s.k(), oc = s.oc(), hw = s.hw(), m = s.m(), ck = s.ck();
        float[] x = floats(input);
        ensureBuffers(m, ck, oc);
        im2col(x, b, c, h, w, k, colHeap, m);
        put(col, colHeap, m * ck);
        INDArray w2 = getParam(ConvolutionParamInitializer.WEIGHT_KEY).reshape('c', oc, ck);
        Nd4j.gemm(col, w2, z, false, true, 1.0, 0.0);
        float[] zs = new float[m * oc];
        get(z, zs, m * oc);
        float[] bias = floats(getParam(ConvolutionParamInitializer.BIAS_KEY));
        float[] out = new float[b * oc * hw];
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < oc; o++) {
                int src = o * m + n * hw;
                int dst = (n * oc + o) * hw;
                float bo = bias[o];
                for (int p = 0; p < hw; p++) {
                    float v = zs[src + p] + bo;
                    out[dst + p] = v > 0f ? v : 0f;
                }
            }
        }
        INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {b, oc, h, w},
                'c');
        put(ret, out, out.length);
        if (training) {
            forward.remember(input, out);
        }
        return ret;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        float[] out = forward.take(input);
        if (out == null || !supports(input) || epsilon.rank() != 4) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        reused++;
        Dims s = dims();
        int b = s.b(), c = s.c(), h = s.h(), w = s.w(), k = s.k(), oc = s.oc(), hw = s.hw(), m = s.m(), ck = s.ck();
        float[] eps = floats(epsilon);
        // D = ∂L/∂z, column-major [m, oc]: ReLU derivative from the forward output (relu(z) > 0 ⇔ z > 0)
        float[] dz = new float[m * oc];
        float[] gb = new float[oc];
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < oc; o++) {
                int src = (n * oc + o) * hw;
                int dst = o * m + n * hw;
                double sum = 0;
                for (int p = 0; p < hw; p++) {
                    float v = out[src + p] > 0f ? eps[src + p] : 0f;
                    dz[dst + p] = v;
                    sum += v;
                }
                gb[o] += (float) sum;
            }
        }
        put(d, dz, dz.length);
        INDArray gw = Nd4j.create(DataType.FLOAT, new long[] {oc, ck}, 'f');
        Nd4j.gemm(d, col, gw, true, false, 1.0, 0.0);
        float[] gwf = new float[oc * ck];
        get(gw, gwf, gwf.length);
        float[] gwc = new float[oc * ck];
        for (int o = 0; o < oc; o++) {
            for (int j = 0; j < ck; j++) {
                gwc[o * ck + j] = gwf[o + j * oc];
            }
        }
        INDArray weightGradView = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGradView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        weightGradView.assign(Nd4j.create(gwc, weightGradView.shape(), DataType.FLOAT));
        biasGradView.assign(Nd4j.create(gb, biasGradView.shape(), DataType.FLOAT));
        // ∂col = D · W₂ into the column buffer, then col2im
        INDArray w2 = getParam(ConvolutionParamInitializer.WEIGHT_KEY).reshape('c', oc, ck);
        Nd4j.gemm(d, w2, col, false, false, 1.0, 0.0);
        get(col, colHeap, m * ck);
        float[] dx = new float[b * c * hw];
        col2im(colHeap, b, c, h, w, k, dx, m);
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {b, c, h, w}, 'c');
        put(epsNext, dx, dx.length);

        Gradient ret = new DefaultGradient();
        ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        weightNoiseParams.clear();
        return new Pair<>(ret, backpropDropOutIfPresent(epsNext));
    }

    @Override
    public void clear() {
        forward.forget();
        super.clear();
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forward.forget();
        super.setInput(input, workspaceMgr);
    }

    /**
     * The sizes of one step: batch b, input channels c, height h, width w, kernel k, output channels oc; hw = h·w
     * output positions per image (stride 1, same padding), m = b·hw rows and ck = c·k² columns of the im2col matrix.
     */
    private record Dims(int b, int c, int h, int w, int k, int oc) {
        int hw() {
            return h * w;
        }

        int m() {
            return b * hw();
        }

        int ck() {
            return c * k * k;
        }
    }

    private Dims dims() {
        return new Dims((int) input.size(0), (int) input.size(1), (int) input.size(2), (int) input.size(3), kernel(),
                (int) layerConf().getNOut());
    }

    /** Column buffers outside any workspace, kept between steps and regrown when the batch changes. */
    private void ensureBuffers(int m, int ck, int oc) {
        if (col != null && col.size(0) == m && col.size(1) == ck) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            col = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, ck}, 'f');
            z = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, oc}, 'f');
            d = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, oc}, 'f');
        }
        colHeap = new float[m * ck];
    }

    /**
     * Column-major im2col: column j = (c, ky, kx), row r = (n, y, x); entry = x[n, c, y + ky − p, x + kx − p], or 0
     * outside the image ("same" padding p = (k − 1) / 2). Columns are filled in parallel.
     */
    static void im2col(float[] x, int b, int c, int h, int w, int k, float[] col, int m) {
        int p = (k - 1) / 2;
        int hw = h * w;
        IntStream.range(0, c * k * k).parallel().forEach(j -> {
            int ch = j / (k * k);
            int ky = (j / k) % k;
            int kx = j % k;
            int base = j * m;
            for (int n = 0; n < b; n++) {
                int plane = (n * c + ch) * hw;
                for (int y = 0; y < h; y++) {
                    int iy = y + ky - p;
                    int row = base + n * hw + y * w;
                    if (iy < 0 || iy >= h) {
                        Arrays.fill(col, row, row + w, 0f);
                        continue;
                    }
                    int src = plane + iy * w;
                    for (int xx = 0; xx < w; xx++) {
                        int ix = xx + kx - p;
                        col[row + xx] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                    }
                }
            }
        });
    }

    /** The adjoint of {@link #im2col}: adds every column entry back to its input position. Channels in parallel. */
    static void col2im(float[] col, int b, int c, int h, int w, int k, float[] dx, int m) {
        int p = (k - 1) / 2;
        int hw = h * w;
        IntStream.range(0, c).parallel().forEach(ch -> {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int base = ((ch * k + ky) * k + kx) * m;
                    for (int n = 0; n < b; n++) {
                        int plane = (n * c + ch) * hw;
                        for (int y = 0; y < h; y++) {
                            int iy = y + ky - p;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int row = base + n * hw + y * w;
                            int dst = plane + iy * w;
                            int from = Math.max(0, p - kx);
                            int to = Math.min(w, w + p - kx);
                            for (int xx = from; xx < to; xx++) {
                                dx[dst + xx + kx - p] += col[row + xx];
                            }
                        }
                    }
                }
            }
        });
    }

    /** The elements of an array in row-major order. */
    private static float[] floats(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
        float[] out = new float[(int) c.length()];
        get(c, out, out.length);
        return out;
    }

    /** The buffer of a contiguous array that owns it (not a view), as floats (ND4J's NIO view of it). */
    private static java.nio.FloatBuffer buffer(INDArray a) {
        if (a.isView() || a.offset() != 0 || a.data().length() < a.length()) {
            throw new IllegalStateException("expected a contiguous array of its own, got a view " + a.shapeInfoToString());
        }
        return a.data().asNioFloat();
    }

    /** Copies {@code n} floats into a contiguous array, in its own element order. */
    private static void put(INDArray a, float[] src, int n) {
        buffer(a).put(src, 0, n);
    }

    /** Copies the first {@code n} floats of a contiguous array, in its own element order. */
    private static void get(INDArray a, float[] dst, int n) {
        buffer(a).get(dst, 0, n);
    }

    /** Whether layer i of this configuration may use this layer. */
    static boolean eligible(MultiLayerConfiguration conf, int i) {
        if (conf.getDataType() != DataType.FLOAT
                || conf.getConf(i).getLayer().getClass() != org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class) {
            return false;
        }
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer l =
                (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf.getConf(i).getLayer();
        int[] k = l.getKernelSize();
        return l.getConvolutionMode() == ConvolutionMode.Same && k.length == 2 && k[0] == k[1] && k[0] % 2 == 1
                && Arrays.equals(l.getStride(), new int[] {1, 1}) && Arrays.equals(l.getDilation(), new int[] {1, 1})
                && l.getCnn2dDataFormat() == CNN2DFormat.NCHW && l.hasBias()
                && new ActivationReLU().equals(l.getActivationFn()) && l.getIDropout() == null
                && l.getWeightNoise() == null;
    }
}
