package io.smoothkd.runs;

import io.smoothkd.core.data.Split;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checksum and argument errors, without fetching anything. Real fetches are in {@link RealDataTest}. */
class DatasetRepositoryTest {
    @TempDir
    Path cache;

    @Test
    void corruptCachedMnistFileIsNamedAndNotSilentlyUsed() throws IOException {
        Path mnist = Files.createDirectories(cache.resolve("mnist"));
        Path corrupt = Files.write(mnist.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
        DatasetRepository repo = new DatasetRepository(cache);
        assertThatThrownBy(() -> repo.load("mnist", Split.TRAIN)).isInstanceOf(IOException.class)
                .hasMessageContaining(corrupt.toString()).hasMessageContaining("SHA-256")
                .hasMessageContaining("delete it");
        assertThat(corrupt).exists();
    }

    @Test
    void corruptFashionMnistFileIsNamed() throws IOException {
        Path fashion = Files.createDirectories(cache.resolve("fashion"));
        for (String file : new DatasetRepository(cache).checksums("fashion-mnist").keySet()) {
            Files.write(fashion.resolve(file), new byte[] {0x1f, (byte) 0x8b, 1, 2});
        }
        DatasetRepository repo = new DatasetRepository(cache, fashion);
        assertThatThrownBy(() -> repo.load("fashion-mnist", Split.TEST)).isInstanceOf(IOException.class)
                .hasMessageContaining(fashion.resolve("train-images-idx3-ubyte.gz").toString())
                .hasMessageContaining("does not match")
                .hasMessageContaining("apt-get install --reinstall dataset-fashion-mnist");
    }

    @Test
    void absentFashionMnistFolderSaysHowToInstall() {
        Path absent = cache.resolve("not-there");
        DatasetRepository repo = new DatasetRepository(cache, absent);
        assertThatThrownBy(() -> repo.fetch("fashion-mnist")).isInstanceOf(IOException.class)
                .hasMessageContaining(absent.toString())
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        DatasetRepository repo = new DatasetRepository(cache);
        assertThatThrownBy(() -> repo.load("cifar10", Split.TRAIN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cifar10").hasMessageContaining("mnist, fashion-mnist");
        assertThatThrownBy(() -> repo.checksums("emnist")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksumsArePinnedForFourFilesEach() {
        DatasetRepository repo = new DatasetRepository(cache);
        for (String name : DatasetRepository.NAMES) {
            assertThat(repo.checksums(name)).hasSize(4).allSatisfy((file, sha) -> assertThat(sha).matches("[0-9a-f]{64}"));
        }
        assertThat(repo.checksums("mnist")).containsKey("train-images-idx3-ubyte");
        assertThat(repo.checksums("fashion-mnist")).containsKey("t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void sha256OfAKnownString() throws IOException {
        Path f = Files.writeString(cache.resolve("abc"), "abc");
        assertThat(DatasetRepository.sha256Of(f))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
