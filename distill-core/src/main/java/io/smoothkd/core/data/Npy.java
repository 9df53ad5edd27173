package io.smoothkd.core.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0–3.0), the exchange format of arrays between
 * SmoothKD and numpy/PyTorch. Reading accepts little- and big-endian {@code float32/float64}, signed and
 * unsigned integers up to 64 bits and booleans, in C or Fortran order; floats load as ND4J FLOAT/DOUBLE,
 * integers and booleans as LONG. Every malformed file is an {@link IOException} whose message says what was
 * wrong. Writing goes to a temporary file that is then renamed, so a reader never sees half a file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads an array.
     *
     * @throws IOException with a one-line reason for a missing, unreadable, truncated or non-npy file
     */
    public static INDArray read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("file not found");
        }
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory, expected a .npy file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("is not a regular file (a device, pipe or socket), expected a .npy file");
        }
        // The header is checked against the file's size before any data is read: a huge or lying header is an
        // error here, never an allocation.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize == 0) {
                throw new IOException("file is empty, expected a .npy array");
            }
            byte[] start = readFully(ch, 0, (int) Math.min(12, fileSize));
            if (start.length < 10 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
                throw new IOException("not a .npy file (missing the \\x93NUMPY magic bytes)");
            }
            int major = start[6] & 0xff;
            ByteBuffer buf = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN);
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = buf.getShort(8) & 0xffff;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (start.length < 12) {
                    throw new IOException("truncated .npy header");
                }
                headerLen = buf.getInt(8) & 0xffffffffL;
                headerStart = 12;
            } else {
                throw new IOException("unsupported .npy format version " + major + ", expected 1, 2 or 3");
            }
            if (headerStart + headerLen > fileSize) {
                throw new IOException("truncated .npy header: it claims " + headerLen + " bytes, the file has "
                        + fileSize);
            }
            if (headerLen > 1 << 20) {
                throw new IOException(".npy header of " + headerLen + " bytes, expected at most 1 MiB");
            }
            String header = new String(readFully(ch, headerStart, (int) headerLen),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return parseBody(ch, fileSize, header, headerStart + headerLen);
        }
    }

    private static byte[] readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("truncated .npy file");
            }
        }
        return b.array();
    }

    private static INDArray parseBody(FileChannel ch, long fileSize, String header, long dataStart)
            throws IOException {
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException("unsupported .npy header " + header.trim()
                    + "; expected a numeric dtype (float, int, uint or bool), fortran_order and shape");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int size;
        try {
            size = Integer.parseInt(d.group(3));
        } catch (NumberFormatException e) {
            throw new IOException("unsupported dtype " + d.group(2) + d.group(3));
        }
        boolean fortran = f.group(1).equals("True");
        long[] shape = parseShape(s.group(1));
        long count = 1;
        long needed;
        try {
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            needed = Math.multiplyExact(count, (long) size);
        } catch (ArithmeticException e) {
            throw new IOException("shape " + Arrays.toString(shape) + " has more elements than a file can hold");
        }
        if (fileSize - dataStart < needed) {
            throw new IOException("truncated: shape " + Arrays.toString(shape) + " of " + d.group(2) + size
                    + " needs " + needed + " data bytes, found " + (fileSize - dataStart));
        }
        if (count > Integer.MAX_VALUE || needed > Integer.MAX_VALUE - 16) {
            throw new IOException("array of " + count + " elements (" + needed + " bytes) is too large, expected at"
                    + " most 2 GiB");
        }
        ByteBuffer data = ByteBuffer.wrap(readFully(ch, dataStart, (int) needed)).order(order);
        int n = (int) count;
        INDArray flat;
        if (kind == 'f' && size == 4) {
            float[] v = new float[n];
            data.asFloatBuffer().get(v);
            flat = Nd4j.createFromArray(v);
        } else if (kind == 'f' && size == 8) {
            double[] v = new double[n];
            data.asDoubleBuffer().get(v);
            flat = Nd4j.createFromArray(v);
        } else if (kind == 'i' || kind == 'u' || kind == 'b') {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = readInteger(data, i * size, size, kind);
            }
            flat = Nd4j.createFromArray(v);
        } else {
            throw new IOException("unsupported dtype " + d.group(1) + kind + size
                    + ", expected float32, float64, an integer or bool");
        }
        if (shape.length == 0) {
            return flat.reshape();
        }
        return fortran ? flat.reshape('f', shape).dup('c') : flat.reshape('c', shape);
    }

    private static long readInteger(ByteBuffer data, int offset, int size, char kind) throws IOException {
        switch (size) {
            case 1:
                return kind == 'i' ? data.get(offset) : data.get(offset) & 0xffL;
            case 2:
                return kind == 'i' ? data.getShort(offset) : data.getShort(offset) & 0xffffL;
            case 4:
                return kind == 'i' ? data.getInt(offset) : data.getInt(offset) & 0xffffffffL;
            case 8:
                return data.getLong(offset);
            default:
                throw new IOException("unsupported integer size " + size + " bytes");
        }
    }

    private static long[] parseShape(String text) throws IOException {
        String[] parts = Arrays.stream(text.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .toArray(String[]::new);
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].endsWith("L") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
            try {
                shape[i] = Long.parseLong(p);
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 0) {
                throw new IOException("bad dimension '" + parts[i] + "' in .npy shape (" + text + ")");
            }
        }
        return shape;
    }

    /**
     * Writes an array as little-endian C-order {@code .npy} (float32, float64 or int64 by the array's type)
     * through a temporary file renamed into place.
     */
    public static void write(INDArray array, Path file) throws IOException {
        DataType type = array.dataType();
        String descr;
        int size;
        if (type == DataType.DOUBLE) {
            descr = "<f8";
            size = 8;
        } else if (type.isFPType()) {
            descr = "<f4";
            size = 4;
            type = DataType.FLOAT;
        } else {
            descr = "<i8";
            size = 8;
            type = DataType.LONG;
        }
        long[] shape = array.shape();
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : (i < shape.length - 1 ? ", " : ""));
        }
        sh.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        INDArray c = array.castTo(type).dup('c');
        int n = (int) c.length();
        ByteBuffer body = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.DOUBLE) {
            body.asDoubleBuffer().put(c.data().asDouble(), 0, n);
        } else if (type == DataType.FLOAT) {
            body.asFloatBuffer().put(c.data().asFloat(), 0, n);
        } else {
            body.asLongBuffer().put(c.data().asLong(), 0, n);
        }
        byte[] head = header.getBytes(StandardCharsets.ISO_8859_1);
        AtomicFiles.write(file, out -> {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (head.length & 0xff), (byte) (head.length >> 8)});
            out.write(head);
            out.write(body.array());
        });
    }
}
