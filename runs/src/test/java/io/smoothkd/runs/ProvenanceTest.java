package io.smoothkd.runs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Provenance records SmoothKD's real version and the command line, quoted so that a shell reads it back. */
class ProvenanceTest {
    /** The project version as the parent pom declares it (this module's pom.xml names it in its parent block). */
    static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1).trim();
    }

    @Test
    void theVersionIsTheProjectVersionNotAPlaceholder() throws Exception {
        assertThat(Provenance.smoothKdVersion()).isEqualTo(pomVersion()).doesNotContain("${").isNotEqualTo("unknown");
        assertThat(Provenance.versions().get("smoothkd")).isEqualTo(pomVersion());
    }

    @Test
    void theRecordedCommandLineIsInEveryProvenanceAndAShellReadsItBackWordForWord() throws Exception {
        List<String> args = List.of("run", "paper", "--out", "my results", "--note", "it's $HOME", "", "a\"b");
        Provenance.recordCommandLine("smoothkd", args);
        Map<String, Object> p = Provenance.of("teacher", Map.of(), Map.of(), Map.of(), Map.of());
        String line = (String) p.get("command_line");
        assertThat(line).startsWith("smoothkd run paper --out 'my results' ");
        // the oracle: /bin/sh splits the line into the words it was made of
        Process sh = new ProcessBuilder("sh", "-c", "for w in " + line + "; do printf '[%s]\\n' \"$w\"; done")
                .redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes());
        assertThat(sh.waitFor()).isZero();
        StringBuilder expected = new StringBuilder("[smoothkd]\n");
        args.forEach(a -> expected.append('[').append(a).append("]\n"));
        assertThat(out).isEqualTo(expected.toString());
    }
}
