package io.smoothkd.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed results ledgers ({@code docs/results/paper/}, {@code docs/results/modern-kd/}, …): each report is what
 * {@code smoothkd report} makes of its cells, byte for byte; a ledger holds nothing but cells, the study description
 * and the report's files (no models, logits or data); and the README's results preview of each is the one its report
 * gives.
 */
class LedgerTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path LEDGER = ROOT.resolve("docs/results/paper");

    /** Every ledger: the folders of docs/results/ (paper first, which must be there). */
    static Stream<Path> ledgers() throws java.io.IOException {
        assertThat(LEDGER.resolve("cells")).as("the results ledger").isDirectory();
        try (Stream<Path> s = Files.list(ROOT.resolve("docs/results"))) {
            return s.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("ledgers")
    void theCommittedReportIsRebuiltByteForByteFromTheCommittedCells(Path ledger, @TempDir Path dir) throws Exception {
        assertThat(ledger.resolve("cells")).as("the results ledger").isDirectory();
        Map<String, byte[]> committed = files(ledger);
        Path copy = dir.resolve(ledger.getFileName().toString());
        Files.createDirectories(copy.resolve("cells"));
        Files.copy(ledger.resolve("study.json"), copy.resolve("study.json"));
        try (Stream<Path> s = Files.list(ledger.resolve("cells"))) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve("cells").resolve(f.getFileName()));
            }
        }
        ReportWriter.write(copy);
        Map<String, byte[]> rebuilt = files(copy);
        assertThat(committed.keySet()).as("files of the ledger").isEqualTo(rebuilt.keySet());
        for (Map.Entry<String, byte[]> e : rebuilt.entrySet()) {
            assertThat(committed.get(e.getKey())).as(e.getKey() + " rebuilt from the cells").isEqualTo(e.getValue());
        }
        Set<String> kinds = committed.keySet().stream()
                .map(k -> k.contains("/") ? k.substring(0, k.indexOf('/')) + "/*" + k.substring(k.lastIndexOf('.'))
                        : k)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(kinds).isSubsetOf("cells/*.json", "plots/*.png", "plots/*.svg", "tables/*.csv", "report.md",
                "report.html", "study.json");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("ledgers")
    void theReadmeShowsTheLedgersResults(Path ledger) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String rel = ROOT.relativize(ledger).toString().replace('\\', '/');
        assertThat(ReadmePreview.block(readme, rel)).as("the README's results preview block of " + rel).isNotNull()
                .isEqualTo(ReadmePreview.render(ledger, ROOT));
    }
}
