package io.smoothkd.core.data;

import io.smoothkd.core.data.CifarBinaryReader.Cifar100Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CifarBinaryReaderTest {
    @TempDir
    Path dir;

    /** The pixel byte of record r, channel c, row y, column x in our test files. */
    private static int pixel(int r, int c, int y, int x) {
        return (r * 7 + c * 50 + y * 3 + x) & 0xff;
    }

    private static byte[] records(int n, int... labelBytes) {
        int header = labelBytes.length / n;
        int record = header + 3072;
        byte[] b = new byte[n * record];
        for (int r = 0; r < n; r++) {
            for (int h = 0; h < header; h++) {
                b[r * record + h] = (byte) labelBytes[r * header + h];
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        b[r * record + header + c * 1024 + y * 32 + x] = (byte) pixel(r, c, y, x);
                    }
                }
            }
        }
        return b;
    }

    @Test
    void cifar10RecordsBecomeNchwRowsAndLabels() throws IOException {
        Path a = Files.write(dir.resolve("data_batch_1.bin"), records(2, 3, 9));
        Path b = Files.write(dir.resolve("data_batch_2.bin"), records(1, 0));
        LabeledImages data = CifarBinaryReader.readCifar10("cifar10-train", List.of(a, b));
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.labels()).containsExactly(3, 9, 0);
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.features().shape()).containsExactly(3, 3072);
        // record 1, green channel, row 5, column 17 → column 1·1024 + 5·32 + 17
        assertThat(data.features().getFloat(1, 1024 + 5 * 32 + 17)).isEqualTo(pixel(1, 1, 5, 17) / 255f);
        // third example is record 0 of the second file
        assertThat(data.features().getFloat(2, 2 * 1024 + 31 * 32 + 31)).isEqualTo(pixel(0, 2, 31, 31) / 255f);
    }

    @Test
    void cifar100FineOrCoarseLabels() throws IOException {
        Path f = Files.write(dir.resolve("train.bin"), records(2, 4, 99, 19, 42));
        LabeledImages fine = CifarBinaryReader.readCifar100("c100", List.of(f), Cifar100Labels.FINE);
        LabeledImages coarse = CifarBinaryReader.readCifar100("c100", List.of(f), Cifar100Labels.COARSE);
        assertThat(fine.labels()).containsExactly(99, 42);
        assertThat(fine.classes()).isEqualTo(100);
        assertThat(coarse.labels()).containsExactly(4, 19);
        assertThat(coarse.classes()).isEqualTo(20);
        assertThat(fine.features().getFloat(1, 0)).isEqualTo(pixel(1, 0, 0, 0) / 255f);
        assertThat(fine.features()).isEqualTo(coarse.features());
    }

    @Test
    void sizeNotAMultipleOfTheRecordNamesTheFile() throws IOException {
        byte[] two = records(2, 1, 2);
        Path f = Files.write(dir.resolve("bad.bin"), Arrays.copyOf(two, two.length - 1));
        assertThatThrownBy(() -> CifarBinaryReader.readCifar10("x", List.of(f))).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("3073");
        // a CIFAR-10 file of 3074 records read as CIFAR-100 is the wrong size too
        Path ten = Files.write(dir.resolve("ten.bin"), records(1, 1));
        assertThatThrownBy(() -> CifarBinaryReader.readCifar100("x", List.of(ten), Cifar100Labels.FINE))
                .isInstanceOf(IOException.class).hasMessageContaining(ten.toString()).hasMessageContaining("3074");
    }

    @Test
    void labelOutOfRangeAndMissingFileNameTheFile() throws IOException {
        Path f = Files.write(dir.resolve("l.bin"), records(1, 10));
        assertThatThrownBy(() -> CifarBinaryReader.readCifar10("x", List.of(f))).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("[0, 10)");
        Path missing = dir.resolve("missing.bin");
        assertThatThrownBy(() -> CifarBinaryReader.readCifar10("x", List.of(missing))).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");
    }
}
