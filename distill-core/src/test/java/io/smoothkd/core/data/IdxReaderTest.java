package io.smoothkd.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes: big-endian magic 0x000008DD, DD sizes, then the bytes. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x00000800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /** Two 2×3 images with pixel values 0, 51, …, 255 and 10, 20, …, 60. */
    private static final byte[] PIXELS = {0, 51, 102, (byte) 153, (byte) 204, (byte) 255, 10, 20, 30, 40, 50, 60};

    @Test
    void readsRawImagesAsUnitFloatsFlattenedRowMajor() throws IOException {
        Path file = Files.write(dir.resolve("images"), idx(new int[] {2, 2, 3}, PIXELS));
        INDArray x = IdxReader.readImages(file);
        assertThat(x.shape()).containsExactly(2, 6);
        assertThat(x.getFloat(0, 1)).isCloseTo(0.2f, within(1e-6f));
        assertThat(x.getFloat(0, 5)).isEqualTo(1f);
        assertThat(x.getFloat(1, 2)).isCloseTo(30f / 255f, within(1e-7f));
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        Path gzNamedRaw = Files.write(dir.resolve("images.gz"), idx(new int[] {2, 2, 3}, PIXELS));
        Path rawNamedGz = Files.write(dir.resolve("images.raw"), gzip(idx(new int[] {2, 2, 3}, PIXELS)));
        assertThat(IdxReader.readImages(gzNamedRaw)).isEqualTo(IdxReader.readImages(rawNamedGz));
    }

    @Test
    void readsImagesWithLabelsIntoLabeledImages() throws IOException {
        Path images = Files.write(dir.resolve("i"), gzip(idx(new int[] {2, 2, 3}, PIXELS)));
        Path labels = Files.write(dir.resolve("l"), idx(new int[] {2}, new byte[] {7, 3}));
        LabeledImages data = IdxReader.read("tiny", images, labels, 10);
        assertThat(data.labels()).containsExactly(7, 3);
        assertThat(data.height()).isEqualTo(2);
        assertThat(data.width()).isEqualTo(3);
        assertThat(data.channels()).isEqualTo(1);
        assertThat(data.size()).isEqualTo(2);
    }

    @Test
    void labelOutOfRangeNamesTheFile() throws IOException {
        Path images = Files.write(dir.resolve("i"), idx(new int[] {2, 2, 3}, PIXELS));
        Path labels = Files.write(dir.resolve("l"), idx(new int[] {2}, new byte[] {7, 3}));
        assertThatThrownBy(() -> IdxReader.read("tiny", images, labels, 5))
                .isInstanceOf(IOException.class).hasMessageContaining(labels.toString()).hasMessageContaining("[0, 5)");
    }

    @Test
    void countMismatchBetweenImagesAndLabelsIsAnError() throws IOException {
        Path images = Files.write(dir.resolve("i"), idx(new int[] {2, 2, 3}, PIXELS));
        Path labels = Files.write(dir.resolve("l"), idx(new int[] {3}, new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> IdxReader.read("tiny", images, labels, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("3 labels").hasMessageContaining("2 images");
    }

    @Test
    void truncatedFileSaysExpectedAndFoundBytes() throws IOException {
        byte[] whole = idx(new int[] {2, 2, 3}, PIXELS);
        Path file = Files.write(dir.resolve("cut"), Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> IdxReader.readImages(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("expected 28 bytes").hasMessageContaining("found 23");
        Path gz = Files.write(dir.resolve("cut.gz"), gzip(Arrays.copyOf(whole, whole.length - 5)));
        assertThatThrownBy(() -> IdxReader.readImages(gz)).isInstanceOf(IOException.class)
                .hasMessageContaining(gz.toString()).hasMessageContaining("expected 28 bytes");
    }

    @Test
    void truncatedGzipStreamNamesTheFile() throws IOException {
        byte[] gz = gzip(idx(new int[] {2, 2, 3}, PIXELS));
        Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("gzip");
    }

    @Test
    void badMagicAndWrongDimensionCountAreErrors() throws IOException {
        Path labels = Files.write(dir.resolve("labels"), idx(new int[] {2}, new byte[] {1, 2}));
        assertThatThrownBy(() -> IdxReader.readImages(labels)).isInstanceOf(IOException.class)
                .hasMessageContaining(labels.toString()).hasMessageContaining("0x00000801")
                .hasMessageContaining("expected an IDX images file (magic 0x00000803)");
        byte[] floats = idx(new int[] {2}, new byte[] {1, 2});
        floats[2] = 0x0d;
        Path floatFile = Files.write(dir.resolve("floats"), floats);
        assertThatThrownBy(() -> IdxReader.readLabels(floatFile)).isInstanceOf(IOException.class)
                .hasMessageContaining("0x00000d01");
        Path text = Files.writeString(dir.resolve("text"), "hello world");
        assertThatThrownBy(() -> IdxReader.readLabels(text)).isInstanceOf(IOException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("magic");
    }

    @Test
    void missingAndEmptyFilesAreIoErrors() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> IdxReader.readLabels(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxReader.readLabels(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("0 bytes");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] whole = idx(new int[] {2}, new byte[] {1, 2});
        Path file = Files.write(dir.resolve("long"), Arrays.copyOf(whole, whole.length + 1));
        assertThatThrownBy(() -> IdxReader.readLabels(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("trailing bytes").hasMessageContaining("expected 10 bytes");
    }
}
