package io.smoothkd.core.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AugmentationTest {
    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 6;

    private static int at(int c, int y, int x) {
        return c * H * W + y * W + x;
    }

    /** One example that is 0 except pixel (c, y, x) = 1. */
    private static INDArray dot(int c, int y, int x) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 1, C * H * W);
        a.putScalar(0, at(c, y, x), 1f);
        return a;
    }

    private static INDArray randomBatch(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        return Nd4j.create(x, new long[] {n, C * H * W}, DataType.FLOAT);
    }

    @Test
    void translationMovesAKnownPixelByDxDy() {
        INDArray moved = Augmentation.translate(dot(1, 1, 2), C, H, W, 2, 1);
        assertThat(moved.getFloat(0, at(1, 2, 4))).isEqualTo(1f);
        assertThat(moved.sumNumber().doubleValue()).isEqualTo(1.0);
        INDArray back = Augmentation.translate(dot(0, 4, 5), C, H, W, -5, -4);
        assertThat(back.getFloat(0, at(0, 0, 0))).isEqualTo(1f);
        // moved off the image: nothing left
        assertThat(Augmentation.translate(dot(0, 4, 5), C, H, W, 1, 0).sumNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    void translationFillsVacatedPixelsWithZero() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, C * H * W);
        INDArray shifted = Augmentation.translate(ones, C, H, W, 1, -2);
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    float expected = x >= 1 && y <= H - 3 ? 1f : 0f;
                    assertThat(shifted.getFloat(0, at(c, y, x))).as("c%d y%d x%d", c, y, x).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void flipMirrorsColumnsAndTwiceIsIdentity() {
        INDArray flipped = Augmentation.flipHorizontal(dot(1, 3, 1), C, H, W);
        assertThat(flipped.getFloat(0, at(1, 3, W - 2))).isEqualTo(1f);
        INDArray x = randomBatch(7, 1);
        assertThat(Augmentation.flipHorizontal(Augmentation.flipHorizontal(x, C, H, W), C, H, W)).isEqualTo(x);
        assertThat(Augmentation.flipHorizontal(x, C, H, W)).isNotEqualTo(x);
    }

    @Test
    void sameSeedSameOutputAndInputUntouched() {
        INDArray x = randomBatch(20, 2);
        INDArray copy = x.dup();
        Augmentation a = Augmentation.padCropFlip(2).withGaussianNoise(0.1, true);
        INDArray first = a.apply(x, C, H, W, 42L);
        assertThat(a.apply(x, C, H, W, 42L)).isEqualTo(first);
        assertThat(a.apply(x, C, H, W, 43L)).isNotEqualTo(first);
        assertThat(x).isEqualTo(copy);
        assertThat(Augmentation.none().apply(x, C, H, W, 1L)).isEqualTo(x);
    }

    @Test
    void randomTranslationStaysWithinRangeAndUsesAllShifts() {
        int k = 1;
        int n = 400;
        INDArray centre = Nd4j.zeros(DataType.FLOAT, n, C * H * W);
        for (int i = 0; i < n; i++) {
            centre.putScalar(i, at(0, 2, 3), 1f);
        }
        INDArray out = Augmentation.translation(k).apply(centre, C, H, W, new Random(5));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int found = -1;
            for (int p = 0; p < C * H * W; p++) {
                if (out.getFloat(i, p) == 1f) {
                    found = p;
                }
            }
            int y = found / W;
            int x = found % W;
            assertThat(Math.abs(y - 2)).isLessThanOrEqualTo(k);
            assertThat(Math.abs(x - 3)).isLessThanOrEqualTo(k);
            seen.add((x - 3) + "," + (y - 2));
        }
        assertThat(seen).hasSize(9);
    }

    @Test
    void padCropFlipOutputIsAShiftedPossiblyFlippedInput() {
        int p = 2;
        INDArray x = randomBatch(50, 3);
        INDArray out = Augmentation.padCropFlip(p).apply(x, C, H, W, 9L);
        int flips = 0;
        for (int i = 0; i < 50; i++) {
            INDArray row = x.getRow(i, true);
            INDArray got = out.getRow(i, true);
            boolean matched = false;
            for (int dx = -p; dx <= p && !matched; dx++) {
                for (int dy = -p; dy <= p && !matched; dy++) {
                    INDArray shifted = Augmentation.translate(row, C, H, W, dx, dy);
                    if (shifted.equals(got)) {
                        matched = true;
                    } else if (Augmentation.flipHorizontal(shifted, C, H, W).equals(got)) {
                        matched = true;
                        flips++;
                    }
                }
            }
            assertThat(matched).as("example %d", i).isTrue();
        }
        assertThat(flips).isBetween(10, 40);
    }

    @Test
    void noiseHasTheRequestedMeanAndStd() {
        int n = 2000;
        INDArray half = Nd4j.valueArrayOf(new long[] {n, C * H * W}, 0.5f);
        INDArray noisy = Augmentation.none().withGaussianNoise(0.1, false).apply(half, C, H, W, 7L);
        double[] d = noisy.castTo(DataType.DOUBLE).sub(0.5).data().asDouble();
        double mean = 0;
        for (double v : d) {
            mean += v;
        }
        mean /= d.length;
        double var = 0;
        for (double v : d) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / d.length);
        assertThat(mean).isCloseTo(0.0, within(0.002));
        assertThat(std).isCloseTo(0.1, within(0.002));
        INDArray clipped = Augmentation.none().withGaussianNoise(1.0, true).apply(half, C, H, W, 7L);
        assertThat(clipped.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(clipped.maxNumber().doubleValue()).isEqualTo(1.0);
    }

    @Test
    void copiesAreDistinctAndReproducible() {
        INDArray x = randomBatch(5, 4);
        Augmentation a = Augmentation.translation(2).withGaussianNoise(0.05, false);
        INDArray[] first = a.copies(x, 4, C, H, W, new Random(11));
        INDArray[] again = a.copies(x, 4, C, H, W, new Random(11));
        assertThat(first).hasSize(4);
        for (int l = 0; l < 4; l++) {
            assertThat(first[l].shape()).containsExactly(5, C * H * W);
            assertThat(first[l]).isEqualTo(again[l]);
        }
        assertThat(first[0]).isNotEqualTo(first[1]);
    }

    @Test
    void wrongShapesAndArgumentsAreRejected() {
        INDArray x = randomBatch(2, 5);
        assertThatThrownBy(() -> Augmentation.translation(1).apply(x, 3, H, W, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[n, 90]");
        assertThatThrownBy(() -> Augmentation.translation(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Augmentation.none().withGaussianNoise(Double.NaN, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Augmentation.none().copies(x, 0, C, H, W, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The elastic stage against a naive reference written another way: the 2-D Gaussian kernel summed directly
     * (not separably) over the in-image pixels, and bilinear interpolation as a sum over every source pixel of the
     * tent weights max(0, 1 − |sy − y′|)·max(0, 1 − |sx − x′|). Same random draws (Δx then Δy, nextFloat each).
     */
    @Test
    void elasticDistortionMatchesANaiveReference() {
        double alpha = 3.0;
        double sigma = 1.5;
        INDArray batch = randomBatch(3, 11);
        INDArray out = Augmentation.none().withElasticDistortion(alpha, sigma).apply(batch, C, H, W, new Random(5));
        float[] in = batch.data().asFloat();
        Random random = new Random(5);
        int radius = (int) Math.ceil(4 * sigma);
        double norm = 0;
        for (int k = -radius; k <= radius; k++) {
            norm += Math.exp(-0.5 * k * k / (sigma * sigma));
        }
        for (int i = 0; i < 3; i++) {
            double[][] raw = new double[2][H * W];
            for (int f = 0; f < 2; f++) {
                for (int p = 0; p < H * W; p++) {
                    raw[f][p] = 2 * random.nextFloat() - 1;
                }
            }
            double[][] smooth = new double[2][H * W];
            for (int f = 0; f < 2; f++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        double s = 0;
                        for (int v = 0; v < H; v++) {
                            for (int u = 0; u < W; u++) {
                                if (Math.abs(v - y) <= radius && Math.abs(u - x) <= radius) {
                                    s += Math.exp(-0.5 * ((v - y) * (v - y) + (u - x) * (u - x)) / (sigma * sigma))
                                            * raw[f][v * W + u];
                                }
                            }
                        }
                        smooth[f][y * W + x] = s / (norm * norm);
                    }
                }
            }
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        double sx = x + alpha * smooth[0][y * W + x];
                        double sy = y + alpha * smooth[1][y * W + x];
                        double expected = 0;
                        for (int v = 0; v < H; v++) {
                            for (int u = 0; u < W; u++) {
                                expected += Math.max(0, 1 - Math.abs(sy - v)) * Math.max(0, 1 - Math.abs(sx - u))
                                        * in[i * C * H * W + at(c, v, u)];
                            }
                        }
                        assertThat((double) out.getFloat(i, at(c, y, x))).as("example %d c%d y%d x%d", i, c, y, x)
                                .isCloseTo(expected, within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void elasticDistortionComesBeforeTranslationAndZeroAlphaIsNone() {
        INDArray batch = randomBatch(4, 3);
        Augmentation elastic = Augmentation.none().withElasticDistortion(2.0, 1.0);
        // the elastic stage draws its fields first, then the translation draws dx, dy: replaying the draws
        // reproduces the combined recipe from the elastic output translated by the same (dx, dy)
        INDArray both = elastic.withRandomTranslation(1).apply(batch, C, H, W, new Random(9));
        Random replay = new Random(9);
        for (int i = 0; i < 4; i++) {
            INDArray one = elastic.apply(batch.getRow(i, true), C, H, W, replay);
            int dx = replay.nextInt(3) - 1;
            int dy = replay.nextInt(3) - 1;
            INDArray expected = Augmentation.translate(one, C, H, W, dx, dy);
            assertThat(both.getRow(i, true).sub(expected).amaxNumber().doubleValue()).as("example %d", i)
                    .isLessThan(1e-7);
        }
        assertThat(Augmentation.none().withElasticDistortion(0, 0).isIdentity()).isTrue();
        assertThat(elastic.isIdentity()).isFalse();
        assertThat(elastic.elasticAlpha()).isEqualTo(2.0);
        assertThat(elastic.elasticSigma()).isEqualTo(1.0);
        // a distortion moves pixel values around but changes the image
        assertThat(elastic.apply(batch, C, H, W, 1L).sub(batch).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThatThrownBy(() -> Augmentation.none().withElasticDistortion(-1, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("elastic alpha");
        assertThatThrownBy(() -> Augmentation.none().withElasticDistortion(34, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("elastic sigma");
        assertThatThrownBy(() -> Augmentation.none().withElasticDistortion(Double.NaN, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
