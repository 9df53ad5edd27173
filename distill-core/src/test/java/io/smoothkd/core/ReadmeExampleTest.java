package io.smoothkd.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's library example is the integration test's {@code QuickStart.java} verbatim, so what a reader copies is
 * what {@code mvn verify} compiles and runs against the installed distill-core.
 */
class ReadmeExampleTest {

    @Test
    void readmeShowsTheTestedQuickStartVerbatim() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        String example = Files.readString(module.resolve(
                "src/it/library-user/src/main/java/org/example/kd/QuickStart.java"));
        String readme = Files.readString(module.getParent().resolve("README.md"));
        assertThat(readme).contains("```java\n" + example + "```\n");
    }
}
