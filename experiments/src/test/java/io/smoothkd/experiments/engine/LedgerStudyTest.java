package io.smoothkd.experiments.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each committed ledger (docs/results/SUITE/) must stay mergeable with what its command writes today: the study.json
 * config that {@code smoothkd run SUITE --seeds N} would write with this code equals the ledger's, so the missing
 * seeds can be run and merged in (a new config key written when off, e.g. {@code elastic: []}, broke that once).
 */
class LedgerStudyTest {
    private static final Path RESULTS = Path.of("..").toAbsolutePath().normalize().resolve("docs/results");
    private static final Pattern RUN = Pattern.compile("smoothkd run (\\S+) --seeds (\\d+)");

    static List<Path> ledgers() throws Exception {
        try (Stream<Path> s = Files.list(RESULTS)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("study.json"))).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ledgers")
    void theLedgersStudyIsTheOneItsCommandWritesToday(Path ledger) throws Exception {
        JsonNode study = SuiteRunner.JSON.readTree(ledger.resolve("study.json").toFile());
        Matcher m = RUN.matcher(study.path("run").path("command").asText());
        assertThat(m.find()).as("%s: run.command names the suite and --seeds", ledger).isTrue();
        StudyConfig today = ConfigLoader.builtIn(m.group(1), false).withSeeds(Integer.parseInt(m.group(2)));
        assertThat(SuiteRunner.JSON.valueToTree(today).toPrettyString())
                .as("%s/study.json config against today's %s config", ledger, m.group(1))
                .isEqualTo(study.get("config").toPrettyString());
    }
}
