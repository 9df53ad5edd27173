package io.smoothkd.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random image augmentation on a batch of flattened images {@code [n, C·H·W]} (NCHW rows, as in
 * {@link LabeledImages}). An instance is an immutable recipe of up to three stages, applied to each example
 * in this order:
 * <ol>
 *   <li><b>elastic distortion</b> (Simard, Steinkraus &amp; Platt, ICDAR 2003, §2; {@link
 *       #withElasticDistortion(double, double)}): two fields of displacements drawn uniformly from [−1, 1] per pixel
 *       are each smoothed by a Gaussian of standard deviation σ pixels (a kernel truncated at ⌈4σ⌉ and normalised
 *       to sum 1, zero outside the image, as SciPy's {@code gaussian_filter(mode="constant")}) and scaled by α;
 *       output pixel (y, x) is the input bilinearly interpolated at (y + α·Δy(y, x), x + α·Δx(y, x)), 0 outside
 *       the image. Every channel moves with the same field;</li>
 *   <li><b>random translation</b> by integers dx, dy drawn uniformly from [−k, k], vacated pixels filled with
 *       0. This is the MNIST jitter ({@link #translation(int)}), and it is also exactly CIFAR's
 *       "pad by p with zeros, crop H×W at a uniform random offset" ({@link #withPadAndRandomCrop(int)}):
 *       a crop at offset (ox, oy) of the padded image is the translation by (p − ox, p − oy);</li>
 *   <li><b>random horizontal flip</b> with probability ½ ({@link #withHorizontalFlip()});</li>
 *   <li><b>additive Gaussian noise</b> of standard deviation s on every pixel, optionally clipped to [0, 1]
 *       ({@link #withGaussianNoise(double, boolean)}).</li>
 * </ol>
 * All randomness comes from the {@link Random} passed in, drawn in a fixed order (per example: the elastic
 * fields, Δx then Δy row by row, as {@code nextFloat}; dx, dy, flip, then the noise of each pixel), so the same seed gives the same output. The input is never modified.
 * The work is plain loops over {@code float[]}; a shuffled, translated epoch of MNIST in batches of 128
 * through {@link ImageDataSetIterator} takes about 2.5 s on a 2-core CPU.
 */
public final class Augmentation {
    private static final Augmentation NONE = new Augmentation(0, 0, 0, false, 0.0, false);

    private final double elasticAlpha;
    private final double elasticSigma;
    private final int maxShift;
    private final boolean horizontalFlip;
    private final double noiseStd;
    private final boolean clipNoise;

    private Augmentation(double elasticAlpha, double elasticSigma, int maxShift, boolean horizontalFlip,
                         double noiseStd, boolean clipNoise) {
        this.elasticAlpha = elasticAlpha;
        this.elasticSigma = elasticSigma;
        this.maxShift = maxShift;
        this.horizontalFlip = horizontalFlip;
        this.noiseStd = noiseStd;
        this.clipNoise = clipNoise;
    }

    /** The identity: {@link #apply} returns a copy of its input. */
    public static Augmentation none() {
        return NONE;
    }

    /** Random translation by up to {@code maxShift} pixels along each axis with zero fill (MNIST jitter). */
    public static Augmentation translation(int maxShift) {
        return NONE.withRandomTranslation(maxShift);
    }

    /** CIFAR-style: pad by {@code padding} pixels, random crop back to H×W, random horizontal flip. */
    public static Augmentation padCropFlip(int padding) {
        return NONE.withPadAndRandomCrop(padding).withHorizontalFlip();
    }

    /** This recipe with random translation by up to {@code maxShift} ≥ 0 pixels (0: none). */
    public Augmentation withRandomTranslation(int maxShift) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("maximum shift must be >= 0 pixels, got " + maxShift);
        }
        return new Augmentation(elasticAlpha, elasticSigma, maxShift, horizontalFlip, noiseStd, clipNoise);
    }

    /** This recipe with zero padding by {@code padding} ≥ 0 pixels and a random crop (the same as translation). */
    public Augmentation withPadAndRandomCrop(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0 pixels, got " + padding);
        }
        return withRandomTranslation(padding);
    }

    /**
     * This recipe with elastic distortion (first of the stages).
     *
     * @param alpha scale α &gt; 0 of the smoothed displacement field in pixels, or 0 for none (Simard et al.: 34 with
     *              σ = 4 on MNIST)
     * @param sigma standard deviation σ &gt; 0 of the Gaussian that smooths the field, in pixels (ignored when α is 0)
     */
    public Augmentation withElasticDistortion(double alpha, double sigma) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("elastic alpha must be finite and >= 0 pixels, got " + alpha);
        }
        if (alpha > 0 && (!(sigma > 0) || sigma > 64)) {
            throw new IllegalArgumentException("elastic sigma must be in (0, 64] pixels, got " + sigma);
        }
        return alpha == 0 ? new Augmentation(0, 0, maxShift, horizontalFlip, noiseStd, clipNoise)
                : new Augmentation(alpha, sigma, maxShift, horizontalFlip, noiseStd, clipNoise);
    }

    /** Scale α of the elastic displacement field in pixels (0: no elastic distortion). */
    public double elasticAlpha() {
        return elasticAlpha;
    }

    /** Standard deviation σ of the Gaussian smoothing the elastic field, in pixels (0 when there is none). */
    public double elasticSigma() {
        return elasticSigma;
    }

    /** This recipe with a horizontal flip of probability ½. */
    public Augmentation withHorizontalFlip() {
        return new Augmentation(elasticAlpha, elasticSigma, maxShift, true, noiseStd, clipNoise);
    }

    /**
     * This recipe with additive Gaussian noise.
     *
     * @param std  standard deviation s ≥ 0 (0: none)
     * @param clip whether to clip the noisy pixels to [0, 1]
     */
    public Augmentation withGaussianNoise(double std, boolean clip) {
        if (!(std >= 0.0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and >= 0, got " + std);
        }
        return new Augmentation(elasticAlpha, elasticSigma, maxShift, horizontalFlip, std, clip);
    }

    /** Largest translation in pixels along each axis. */
    public int maxShift() {
        return maxShift;
    }

    /** Whether examples are flipped horizontally with probability ½. */
    public boolean horizontalFlip() {
        return horizontalFlip;
    }

    /** Standard deviation of the additive noise (0: none). */
    public double noiseStd() {
        return noiseStd;
    }

    /** Whether noisy pixels are clipped to [0, 1]. */
    public boolean clipNoise() {
        return clipNoise;
    }

    /** Whether this recipe changes nothing. */
    public boolean isIdentity() {
        return elasticAlpha == 0 && maxShift == 0 && !horizontalFlip && noiseStd == 0.0;
    }

    /**
     * Augments every example of a batch once.
     *
     * @param batch    {@code [n, channels·height·width]}; not modified
     * @param random   source of all random draws
     * @return a new float32 array of the same shape
     * @throws IllegalArgumentException when the batch is not {@code [n, C·H·W]}
     */
    public INDArray apply(INDArray batch, int channels, int height, int width, Random random) {
        float[] src = pixels(batch, channels, height, width);
        int n = (int) batch.size(0);
        float[] dst = new float[src.length];
        augmentInto(src, dst, n, channels, height, width, random);
        return Nd4j.create(dst, new long[] {n, (long) channels * height * width}, DataType.FLOAT);
    }

    /** {@link #apply(INDArray, int, int, int, Random)} with {@code new Random(seed)}. */
    public INDArray apply(INDArray batch, int channels, int height, int width, long seed) {
        return apply(batch, channels, height, width, new Random(seed));
    }

    /**
     * Draws {@code copies} independently augmented versions of every example, e.g. the L samples per example
     * of the mutual-information estimator.
     *
     * @param batch  {@code [n, C·H·W]}; not modified
     * @param copies L ≥ 1
     * @param random source of all random draws (copy 0 of every example first, then copy 1, …)
     * @return L new float32 arrays {@code [n, C·H·W]}; row i of each is a version of example i
     */
    public INDArray[] copies(INDArray batch, int copies, int channels, int height, int width, Random random) {
        if (copies < 1) {
            throw new IllegalArgumentException("number of augmented copies must be >= 1, got " + copies);
        }
        float[] src = pixels(batch, channels, height, width);
        int n = (int) batch.size(0);
        INDArray[] out = new INDArray[copies];
        for (int l = 0; l < copies; l++) {
            float[] dst = new float[src.length];
            augmentInto(src, dst, n, channels, height, width, random);
            out[l] = Nd4j.create(dst, new long[] {n, (long) channels * height * width}, DataType.FLOAT);
        }
        return out;
    }

    /**
     * Translates every example by exactly (dx, dy) pixels with zero fill: output pixel (y, x) is input pixel
     * (y − dy, x − dx), so positive dx moves the content right and positive dy moves it down.
     *
     * @return a new float32 array of the batch's shape
     */
    public static INDArray translate(INDArray batch, int channels, int height, int width, int dx, int dy) {
        return transform(batch, channels, height, width, dx, dy, false);
    }

    /**
     * Mirrors every example left to right: output pixel (y, x) is input pixel (y, W − 1 − x).
     *
     * @return a new float32 array of the batch's shape
     */
    public static INDArray flipHorizontal(INDArray batch, int channels, int height, int width) {
        return transform(batch, channels, height, width, 0, 0, true);
    }

    @Override
    public String toString() {
        return "Augmentation[elasticAlpha=" + elasticAlpha + ", elasticSigma=" + elasticSigma + ", maxShift=" + maxShift + ", horizontalFlip=" + horizontalFlip + ", noiseStd=" + noiseStd
                + ", clipNoise=" + clipNoise + "]";
    }

    private static INDArray transform(INDArray batch, int channels, int height, int width, int dx, int dy,
                                      boolean flip) {
        float[] src = pixels(batch, channels, height, width);
        float[] dst = new float[src.length];
        int size = channels * height * width;
        for (int offset = 0; offset < src.length; offset += size) {
            shiftAndFlip(src, dst, offset, channels, height, width, dx, dy, flip);
        }
        return Nd4j.create(dst, new long[] {batch.size(0), size}, DataType.FLOAT);
    }

    private void augmentInto(float[] src, float[] dst, int n, int channels, int height, int width, Random random) {
        int size = channels * height * width;
        Elastic elastic = elasticAlpha > 0 ? new Elastic(elasticAlpha, elasticSigma, channels, height, width) : null;
        for (int i = 0; i < n; i++) {
            int offset = i * size;
            if (elastic != null) {
                elastic.distort(src, offset, random);
            }
            int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            boolean flip = horizontalFlip && random.nextBoolean();
            if (elastic == null) {
                shiftAndFlip(src, dst, offset, channels, height, width, dx, dy, flip);
            } else {
                shiftAndFlip(elastic.out, 0, dst, offset, channels, height, width, dx, dy, flip);
            }
            if (noiseStd > 0.0) {
                for (int p = offset; p < offset + size; p++) {
                    float v = (float) (dst[p] + noiseStd * random.nextGaussian());
                    dst[p] = clipNoise ? Math.min(1f, Math.max(0f, v)) : v;
                }
            }
        }
    }

    /** dst(c, y, x) = src(c, y − dy, x′ − dx) with x′ = W − 1 − x if flipped, else x; 0 outside the image. */
    private static void shiftAndFlip(float[] src, float[] dst, int offset, int channels, int height, int width,
                                     int dx, int dy, boolean flip) {
        shiftAndFlip(src, offset, dst, offset, channels, height, width, dx, dy, flip);
    }

    private static void shiftAndFlip(float[] src, int srcOffset, float[] dst, int offset, int channels, int height,
                                     int width, int dx, int dy, boolean flip) {
        if (dx == 0 && dy == 0 && !flip) {
            System.arraycopy(src, srcOffset, dst, offset, channels * height * width);
            return;
        }
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            int srcPlane = srcOffset + c * height * width;
            for (int y = 0; y < height; y++) {
                int row = plane + y * width;
                int sy = y - dy;
                if (sy < 0 || sy >= height) {
                    Arrays.fill(dst, row, row + width, 0f);
                    continue;
                }
                int srcRow = srcPlane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) - dx;
                    dst[row + x] = sx >= 0 && sx < width ? src[srcRow + sx] : 0f;
                }
            }
        }
    }

    /**
     * The elastic stage's scratch space for one batch: the Gaussian kernel, the two fields and one distorted
     * example ({@link #out}, C·H·W).
     */
    private static final class Elastic {
        private final double alpha;
        private final int channels;
        private final int height;
        private final int width;
        private final float[] kernel;
        private final float[] dxField;
        private final float[] dyField;
        private final float[] tmp;
        final float[] out;

        Elastic(double alpha, double sigma, int channels, int height, int width) {
            this.alpha = alpha;
            this.channels = channels;
            this.height = height;
            this.width = width;
            int radius = (int) Math.ceil(4 * sigma);
            kernel = new float[2 * radius + 1];
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += Math.exp(-0.5 * k * k / (sigma * sigma));
            }
            for (int k = -radius; k <= radius; k++) {
                kernel[k + radius] = (float) (Math.exp(-0.5 * k * k / (sigma * sigma)) / sum);
            }
            dxField = new float[height * width];
            dyField = new float[height * width];
            tmp = new float[height * width];
            out = new float[channels * height * width];
        }

        /** Writes the distortion of example {@code src[offset …]} into {@link #out}. */
        void distort(float[] src, int offset, Random random) {
            for (int p = 0; p < dxField.length; p++) {
                dxField[p] = 2 * random.nextFloat() - 1;
            }
            for (int p = 0; p < dyField.length; p++) {
                dyField[p] = 2 * random.nextFloat() - 1;
            }
            smooth(dxField);
            smooth(dyField);
            int plane = height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = y * width + x;
                    double sy = y + alpha * dyField[p];
                    double sx = x + alpha * dxField[p];
                    int y0 = (int) Math.floor(sy);
                    int x0 = (int) Math.floor(sx);
                    double fy = sy - y0;
                    double fx = sx - x0;
                    for (int c = 0; c < channels; c++) {
                        int base = offset + c * plane;
                        out[c * plane + p] = (float) ((1 - fy) * ((1 - fx) * at(src, base, y0, x0)
                                + fx * at(src, base, y0, x0 + 1))
                                + fy * ((1 - fx) * at(src, base, y0 + 1, x0) + fx * at(src, base, y0 + 1, x0 + 1)));
                    }
                }
            }
        }

        private float at(float[] src, int base, int y, int x) {
            return y >= 0 && y < height && x >= 0 && x < width ? src[base + y * width + x] : 0f;
        }

        /** Separable Gaussian smoothing in place, zero outside the image. */
        private void smooth(float[] field) {
            int radius = kernel.length / 2;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float s = 0;
                    for (int k = Math.max(-radius, -x); k <= Math.min(radius, width - 1 - x); k++) {
                        s += kernel[k + radius] * field[y * width + x + k];
                    }
                    tmp[y * width + x] = s;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float s = 0;
                    for (int k = Math.max(-radius, -y); k <= Math.min(radius, height - 1 - y); k++) {
                        s += kernel[k + radius] * tmp[(y + k) * width + x];
                    }
                    field[y * width + x] = s;
                }
            }
        }
    }

    private static float[] pixels(INDArray batch, int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("channels, height and width must be >= 1, got " + channels + ", "
                    + height + ", " + width);
        }
        long size = (long) channels * height * width;
        if (batch.rank() != 2 || batch.size(1) != size) {
            throw new IllegalArgumentException("batch must be [n, " + size + "] for " + channels + "×" + height + "×"
                    + width + " images, got " + Arrays.toString(batch.shape()));
        }
        INDArray floats = batch.castTo(DataType.FLOAT);
        boolean compact = !floats.isView() && floats.ordering() == 'c' && floats.data().length() == floats.length();
        return (compact ? floats : floats.dup('c')).data().asFloat();
    }
}
