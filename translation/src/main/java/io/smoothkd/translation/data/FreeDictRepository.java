package io.smoothkd.translation.data;

import io.smoothkd.runs.DatasetRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the English–German dictionary comes from, and the guarantee that it is the published bytes: the Debian
 * package {@value #DEBIAN_PACKAGE} (FreeDict eng-deu 1.9-fd1, Debian version {@value #DEBIAN_VERSION}), which
 * installs a dictd database ({@code freedict-eng-deu.index} and the dictzip-compressed
 * {@code freedict-eng-deu.dict.dz}) into {@code /usr/share/dictd}. If the files are absent, a process running as
 * root installs the package with {@code apt-get} (running {@code apt-get update} first if the plain install fails),
 * as {@link DatasetRepository} does for Fashion-MNIST; any other user gets an {@link IOException} whose message
 * says to run {@code sudo apt-get install dict-freedict-eng-deu}. Both files are checked against a SHA-256 pinned
 * here ({@link #checksums()}, also the provenance of a run); a mismatch is an error naming the file, never
 * silently accepted. The dictionary is licensed GPLv3/AGPLv3: nothing read from it is written into the repository.
 */
public final class FreeDictRepository {
    /** The Debian package the dictionary comes from. */
    public static final String DEBIAN_PACKAGE = "dict-freedict-eng-deu";
    /** The package version whose files {@link #checksums()} pins. */
    public static final String DEBIAN_VERSION = "2022.04.21-1";
    /** Where the package installs its files. */
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/dictd");
    /** The dictd index file. */
    public static final String INDEX = "freedict-eng-deu.index";
    /** The dictd data file (dictzip, readable as gzip). */
    public static final String DICT = "freedict-eng-deu.dict.dz";

    private static final Logger LOG = LoggerFactory.getLogger(FreeDictRepository.class);
    private static final Map<String, String> SHA256;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(INDEX, "2f8e1b99ce2e2677d96638c75d80d11e9d66cf03c677674ac6b78f07af13b170");
        m.put(DICT, "f56d2bfa57ccfe9cfad28106d8f1eaf66e2fee1f20b6ae170e7b984f913d4770");
        SHA256 = Collections.unmodifiableMap(m);
    }

    private final Path directory;

    /** A repository reading the package's system folder (installing the package there when root). */
    public FreeDictRepository() {
        this(SYSTEM_DIRECTORY);
    }

    /** A repository reading the two dictd files from {@code directory}; only the system folder is installed into. */
    public FreeDictRepository(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null");
        }
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The SHA-256 (lower-case hex) of the index and the data file, keyed by file name. */
    public static Map<String, String> checksums() {
        return SHA256;
    }

    /** Provenance of the data: package, version, files and their checksums. */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "Debian package " + DEBIAN_PACKAGE + " " + DEBIAN_VERSION + " (FreeDict eng-deu 1.9-fd1, "
                + "from the Ding dictionary; GPLv3/AGPLv3)");
        p.put("directory", directory.toString());
        p.put("sha256", SHA256);
        return p;
    }

    /**
     * Makes sure both dictd files are present and match their pinned checksums, installing the package if needed
     * and allowed.
     *
     * @return the folder holding {@value #INDEX} and {@value #DICT}
     * @throws IOException when the package is missing and cannot be installed, or a file fails its checksum
     */
    public synchronized Path fetch() throws IOException {
        if (!Files.isRegularFile(directory.resolve(INDEX)) || !Files.isRegularFile(directory.resolve(DICT))) {
            if (directory.equals(SYSTEM_DIRECTORY) && DatasetRepository.runningAsRoot()) {
                install();
            } else {
                throw new IOException(directory.resolve(INDEX) + ": the English-German dictionary is not installed;"
                        + " run: sudo apt-get install " + DEBIAN_PACKAGE);
            }
        }
        for (Map.Entry<String, String> file : SHA256.entrySet()) {
            Path path = directory.resolve(file.getKey());
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + ": file not found; run: sudo apt-get install --reinstall " + DEBIAN_PACKAGE);
            }
            String found = DatasetRepository.sha256Of(path);
            if (!found.equals(file.getValue())) {
                throw new IOException(path + ": SHA-256 " + found + " does not match the pinned " + file.getValue()
                        + " (another version of " + DEBIAN_PACKAGE + " than " + DEBIAN_VERSION
                        + ", or a corrupt copy); run: sudo apt-get install --reinstall " + DEBIAN_PACKAGE);
            }
        }
        return directory;
    }

    private void install() throws IOException {
        LOG.info("installing the Debian package {}", DEBIAN_PACKAGE);
        List<String> install = List.of("apt-get", "install", "-y", DEBIAN_PACKAGE);
        try {
            run(install);
        } catch (IOException firstTry) {
            LOG.info("apt-get install failed ({}); running apt-get update and trying again", firstTry.getMessage());
            run(List.of("apt-get", "update"));
            run(install);
        }
        if (!Files.isRegularFile(directory.resolve(INDEX))) {
            throw new IOException(directory.resolve(INDEX) + ": still absent after installing " + DEBIAN_PACKAGE);
        }
    }

    private static void run(List<String> command) throws IOException {
        DatasetRepository.runCommand(command, Path.of(System.getProperty("java.io.tmpdir")), "needed to install "
                + DEBIAN_PACKAGE + "; run: sudo apt-get install " + DEBIAN_PACKAGE);
    }

}
