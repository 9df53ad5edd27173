package io.smoothkd.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, the {@code *-binary.tar.gz}
 * downloads). A file is a sequence of fixed-size records:
 * <ul>
 *   <li>CIFAR-10 ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}): 1 label byte
 *       in [0, 10), then 3072 pixel bytes;</li>
 *   <li>CIFAR-100 ({@code train.bin}, {@code test.bin}): a coarse label byte in [0, 20), a fine label byte in
 *       [0, 100), then 3072 pixel bytes.</li>
 * </ul>
 * The pixels are the 32×32 red plane row by row, then green, then blue, which is already the NCHW order of
 * {@link LabeledImages}; they are scaled to [0, 1] by dividing by 255.
 * <p>
 * A file that is missing, empty, not a whole number of records long, or holds a label out of range is an
 * {@link IOException} whose one-line message starts with the file name.
 */
public final class CifarBinaryReader {
    /** Channels of a CIFAR image. */
    public static final int CHANNELS = 3;
    /** Side of a CIFAR image in pixels. */
    public static final int SIDE = 32;
    /** Pixel bytes per record, 3·32·32. */
    public static final int PIXELS = CHANNELS * SIDE * SIDE;

    /** Which of the two CIFAR-100 labels becomes the class. */
    public enum Cifar100Labels {
        /** The 100 fine classes (the usual CIFAR-100 task). */
        FINE(100),
        /** The 20 coarse superclasses. */
        COARSE(20);

        private final int classes;

        Cifar100Labels(int classes) {
            this.classes = classes;
        }

        /** Number of classes of this labelling. */
        public int classes() {
            return classes;
        }
    }

    private CifarBinaryReader() {
    }

    /**
     * Reads CIFAR-10 binary files and concatenates their records in the order given.
     *
     * @param name  name of the result, e.g. {@code "cifar10-train"}
     * @param files one or more CIFAR-10 {@code .bin} files
     * @throws IOException for a missing or malformed file
     */
    public static LabeledImages readCifar10(String name, List<Path> files) throws IOException {
        return read(name, files, 1, 0, 10);
    }

    /**
     * Reads CIFAR-100 binary files and concatenates their records in the order given.
     *
     * @param name   name of the result, e.g. {@code "cifar100-train"}
     * @param files  one or more CIFAR-100 {@code .bin} files
     * @param labels whether the fine (100) or the coarse (20) label is the class
     * @throws IOException for a missing or malformed file
     */
    public static LabeledImages readCifar100(String name, List<Path> files, Cifar100Labels labels) throws IOException {
        return labels == Cifar100Labels.FINE ? read(name, files, 2, 1, 100) : read(name, files, 2, 0, 20);
    }

    private static LabeledImages read(String name, List<Path> files, int labelBytes, int labelAt, int classes)
            throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + ": no CIFAR files given");
        }
        int record = labelBytes + PIXELS;
        long total = 0;
        for (Path file : files) {
            total += recordsIn(file, record);
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + total + " records do not fit in one array");
        }
        int n = (int) total;
        float[] pixels = new float[n * PIXELS];
        int[] labels = new int[n];
        int example = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length % record != 0) {
                throw new IOException(file + ": size changed while reading");
            }
            for (int at = 0; at < bytes.length; at += record, example++) {
                int label = bytes[at + labelAt] & 0xff;
                if (label >= classes) {
                    throw new IOException(file + ": label " + label + " of record " + (at / record)
                            + " is outside [0, " + classes + "); is this a CIFAR-" + (labelBytes == 1 ? "10" : "100")
                            + " binary file?");
                }
                labels[example] = label;
                int dst = example * PIXELS;
                int src = at + labelBytes;
                for (int p = 0; p < PIXELS; p++) {
                    pixels[dst + p] = (bytes[src + p] & 0xff) / 255f;
                }
            }
        }
        return new LabeledImages(name, Nd4j.create(pixels, new long[] {n, PIXELS}, DataType.FLOAT), labels, classes,
                CHANNELS, SIDE, SIDE);
    }

    private static long recordsIn(Path file, int record) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": " + (Files.exists(file) ? "not a regular file" : "file not found")
                    + ", expected a CIFAR binary file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": file not found, expected a CIFAR binary file", e);
        }
        if (size == 0 || size % record != 0) {
            throw new IOException(file + ": size " + size + " bytes is not a positive multiple of the " + record
                    + "-byte CIFAR-" + (record == 1 + PIXELS ? "10" : "100") + " record");
        }
        return size / record;
    }
}
