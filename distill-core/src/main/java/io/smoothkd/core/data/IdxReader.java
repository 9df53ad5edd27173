package io.smoothkd.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun's format: a big-endian magic {@code 0x0000TTDD} with
 * element type TT and DD dimensions, DD big-endian int32 sizes, then the elements). Only unsigned-byte
 * elements (TT = 0x08) are accepted: images are {@code 0x00000803} ({@code [n, rows, cols]}) and labels
 * {@code 0x00000801} ({@code [n]}). A file may be raw or gzip-compressed; compression is recognised by the
 * gzip magic bytes {@code 1f 8b}, not by the file name.
 * <p>
 * Every problem with a file (missing, wrong magic, wrong number of dimensions, truncated or with trailing
 * bytes, corrupt gzip stream) is an {@link IOException} whose one-line message starts with the file name.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with three dimensions: images {@code [n, rows, cols]}. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension: labels {@code [n]}. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Reads an images file and its labels file into one data set of single-channel images.
     *
     * @param name    name of the result, e.g. {@code "mnist-train"}
     * @param images  IDX images file ({@code 0x00000803}), raw or gzipped
     * @param labels  IDX labels file ({@code 0x00000801}), raw or gzipped
     * @param classes number of classes; every label must lie in [0, classes)
     * @throws IOException for a malformed file, a label out of range, or files of different example counts
     */
    public static LabeledImages read(String name, Path images, Path labels, int classes) throws IOException {
        if (classes < 1) {
            throw new IllegalArgumentException("number of classes must be >= 1, got " + classes);
        }
        IdxContent pixels = parse(images, IMAGES_MAGIC);
        int[] y = readLabels(labels);
        if (y.length != pixels.dims[0]) {
            throw new IOException(labels + ": " + y.length + " labels, but " + images + " holds " + pixels.dims[0]
                    + " images");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classes) {
                throw new IOException(labels + ": label " + y[i] + " of example " + i + " is outside [0, " + classes
                        + ")");
            }
        }
        return new LabeledImages(name, pixels.toUnitFloats(), y, classes, 1, pixels.dims[1], pixels.dims[2]);
    }

    /**
     * Reads an IDX images file.
     *
     * @return float32 {@code [n, rows·cols]}, each pixel byte divided by 255, rows flattened row-major
     * @throws IOException for a missing or malformed file
     */
    public static INDArray readImages(Path file) throws IOException {
        return parse(file, IMAGES_MAGIC).toUnitFloats();
    }

    /**
     * Reads an IDX labels file.
     *
     * @return one value in [0, 255] per example
     * @throws IOException for a missing or malformed file
     */
    public static int[] readLabels(Path file) throws IOException {
        IdxContent content = parse(file, LABELS_MAGIC);
        int[] labels = new int[content.dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = content.bytes[content.offset + i] & 0xff;
        }
        return labels;
    }

    /** The whole decompressed file plus its parsed header. */
    private record IdxContent(byte[] bytes, int offset, int[] dims) {
        INDArray toUnitFloats() {
            int n = dims[0];
            int perImage = dims[1] * dims[2];
            float[] data = new float[n * perImage];
            for (int i = 0; i < data.length; i++) {
                data[i] = (bytes[offset + i] & 0xff) / 255f;
            }
            return Nd4j.create(data, new long[] {n, perImage}, DataType.FLOAT);
        }
    }

    private static IdxContent parse(Path file, int expectedMagic) throws IOException {
        byte[] bytes = readMaybeGzipped(file);
        String what = expectedMagic == IMAGES_MAGIC ? "an IDX images file (magic 0x00000803)"
                : "an IDX labels file (magic 0x00000801)";
        if (bytes.length < 4) {
            throw new IOException(file + ": " + bytes.length + " bytes, too short for " + what);
        }
        int magic = bigEndianInt(bytes, 0);
        if (magic != expectedMagic) {
            throw new IOException(file + ": magic number 0x" + String.format("%08x", magic) + ", expected " + what);
        }
        int rank = expectedMagic & 0xff;
        int offset = 4 + 4 * rank;
        if (bytes.length < offset) {
            throw new IOException(file + ": truncated header, expected " + offset + " bytes, found " + bytes.length);
        }
        int[] dims = new int[rank];
        long expected = offset;
        long elements = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = bigEndianInt(bytes, 4 + 4 * d);
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                throw new IOException(file + ": dimension " + d + " has size " + dims[d] + ", expected a positive size");
            }
            elements *= dims[d];
        }
        expected += elements;
        if (expected != bytes.length) {
            throw new IOException(file + ": " + (expected > bytes.length ? "truncated" : "trailing bytes") + ", expected "
                    + expected + " bytes for dimensions " + java.util.Arrays.toString(dims) + ", found " + bytes.length);
        }
        return new IdxContent(bytes, offset, dims);
    }

    private static byte[] readMaybeGzipped(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, expected an IDX file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream unzipped = new GZIPInputStream(raw, 1 << 16)) {
                    return unzipped.readAllBytes();
                } catch (IOException e) {
                    throw new IOException(file + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
                }
            }
            return raw.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": file not found, expected an IDX file", e);
        }
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
