package io.smoothkd.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens report.html in headless Chromium and checks that every image decoded. Fails (does not skip) when no
 * Chromium is installed: the README's test command ({@code ./smoothkd test}) installs the Debian package
 * {@code chromium} when it is missing.
 */
class HtmlInBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void everyImageLoadsInHeadlessChromium() throws IOException, InterruptedException {
        Path dir = tmp.resolve("results");
        new SyntheticCells().write(dir);
        ReportWriter.write(dir);
        Path browser = chromium().orElseGet(() -> fail("no chromium on PATH: run the tests with './smoothkd test', which installs"
                + " it, or install the Debian package 'chromium' (apt-get install -y chromium)"));
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Path dom = tmp.resolve("dom.html");
        Path log = tmp.resolve("chromium.log");
        Process p = new ProcessBuilder(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=5000",
                "--dump-dom", dir.resolve("report.html").toUri().toString()))
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s; its log:\n" + Files.readString(log));
        }
        String out = Files.readString(dom, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium exit code; log:\n%s", Files.readString(log)).isZero();
        int loaded = attribute(out, "data-images-loaded");
        int total = attribute(out, "data-images-total");
        assertThat(total).isPositive();
        assertThat(loaded).as("images decoded by the browser").isEqualTo(total);
        try (Stream<Path> plots = Files.list(dir.resolve("plots"))) {
            assertThat(total).isEqualTo((int) plots.filter(f -> f.toString().endsWith(".png")).count());
        }
    }

    private static int attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        if (!m.find()) {
            fail(name + " not set on <body>: the page's load script did not run. DOM starts:\n"
                    + dom.substring(0, Math.min(500, dom.length())));
        }
        return Integer.parseInt(m.group(1));
    }

    private static Optional<Path> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
