package io.smoothkd.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyTest {

    /** A .npy file built byte by byte from the format specification. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void readsFortranOrderFloat64(@TempDir Path dir) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        // matrix [[1,2,3],[4,5,6]] in column-major order
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            b.putDouble(v);
        }
        Path f = dir.resolve("a.npy");
        Files.write(f, npy("<f8", true, "(2, 3)", b.array()));
        INDArray a = Npy.read(f);
        assertThat(a.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.getDouble(0, 2)).isEqualTo(3.0);
        assertThat(a.getDouble(1, 0)).isEqualTo(4.0);
    }

    @Test
    void readsBigEndianFloat32AndInt64Labels(@TempDir Path dir) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2 * 4).order(ByteOrder.BIG_ENDIAN);
        b.putFloat(1.5f).putFloat(-2f);
        Path f = dir.resolve("b.npy");
        Files.write(f, npy(">f4", false, "(2,)", b.array()));
        INDArray a = Npy.read(f);
        assertThat(a.shape()).containsExactly(2);
        assertThat(a.getFloat(1)).isEqualTo(-2f);

        ByteBuffer l = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        l.putLong(7).putLong(0).putLong(3);
        Files.write(f, npy("<i8", false, "(3,)", l.array()));
        assertThat(Npy.read(f).toLongVector()).containsExactly(7, 0, 3);
    }

    @Test
    void roundTripsFloatDoubleAndLong(@TempDir Path dir) throws Exception {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.LONG}) {
            INDArray a = Nd4j.linspace(1, 24, 24).reshape(2, 3, 4).castTo(t);
            Path f = dir.resolve(t + ".npy");
            Npy.write(a, f);
            INDArray b = Npy.read(f);
            assertThat(b.dataType()).isEqualTo(t);
            assertThat(b).isEqualTo(a);
            assertThat(Files.size(f) % 16).isZero(); // header padded to 64, data multiple of 4/8 bytes
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void malformedFilesGiveOneLineReasons(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.npy");
        assertThatThrownBy(() -> Npy.read(missing)).hasMessage("file not found");
        assertThatThrownBy(() -> Npy.read(dir)).hasMessageContaining("directory");
        Path empty = Files.write(dir.resolve("empty.npy"), new byte[0]);
        assertThatThrownBy(() -> Npy.read(empty)).hasMessageContaining("empty");
        Path garbage = Files.writeString(dir.resolve("garbage.npy"), "hello, this is not numpy at all");
        assertThatThrownBy(() -> Npy.read(garbage)).hasMessageContaining("not a .npy file");
        Path truncated = Files.write(dir.resolve("t.npy"), npy("<f4", false, "(10, 3)", new byte[12]));
        assertThatThrownBy(() -> Npy.read(truncated)).hasMessageContaining("truncated").hasMessageContaining("120");
        Path complex = Files.write(dir.resolve("c.npy"), npy("<c16", false, "(1,)", new byte[16]));
        assertThatThrownBy(() -> Npy.read(complex)).hasMessageContaining("unsupported");
        Path object = Files.write(dir.resolve("o.npy"), npy("|O", false, "(1,)", new byte[8]));
        assertThatThrownBy(() -> Npy.read(object)).hasMessageContaining("unsupported");
    }

    @Test
    void aHeaderClaimingMoreDataThanTheFileHoldsIsRefusedBeforeAnyAllocation(@TempDir Path dir) throws Exception {
        // 2e9 x 10 float32 (80 GB) claimed by a file of a few hundred bytes: checked against the file size first
        Path lying = Files.write(dir.resolve("lying.npy"), npy("<f4", false, "(2000000000, 10)", new byte[64]));
        assertThatThrownBy(() -> Npy.read(lying)).hasMessageContaining("truncated")
                .hasMessageContaining("80000000000").hasMessageContaining("found 64");
        Path overflow = Files.write(dir.resolve("overflow.npy"), npy("<f8", false,
                "(9223372036854775807, 9223372036854775807)", new byte[8]));
        assertThatThrownBy(() -> Npy.read(overflow)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("more elements than a file can hold");
    }

    @Test
    void aDeviceIsRefusedInsteadOfReadForever() {
        assertThatThrownBy(() -> Npy.read(Path.of("/dev/zero"))).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not a regular file");
    }
}
