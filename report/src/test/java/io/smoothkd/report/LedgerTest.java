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
 * The committed results ledger ({@code docs/results/paper/}): its report is what {@code smoothkd report} makes of its
 * cells, byte for byte; it holds nothing but cells, the study description and the report's files (no models, logits
 * or data); and the README's results preview is the one its report gives.
 */
class LedgerTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path LEDGER = ROOT.resolve("docs/results/paper");

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @Test
    void theCommittedReportIsRebuiltByteForByteFromTheCommittedCells(@TempDir Path dir) throws Exception {
        assertThat(LEDGER.resolve("cells")).as("the results ledger").isDirectory();
        Map<String, byte[]> committed = files(LEDGER);
        Path copy = dir.resolve("paper");
        Files.createDirectories(copy.resolve("cells"));
        Files.copy(LEDGER.resolve("study.json"), copy.resolve("study.json"));
        try (Stream<Path> s = Files.list(LEDGER.resolve("cells"))) {
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

    @Test
    void theReadmeShowsTheLedgersResults() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(ReadmePreview.block(readme)).as("the README's results preview block").isNotNull()
                .isEqualTo(ReadmePreview.render(LEDGER, ROOT));
    }
}
