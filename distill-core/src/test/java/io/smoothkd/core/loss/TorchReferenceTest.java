package io.smoothkd.core.loss;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * The registered losses against an independent implementation in PyTorch ({@code torch_reference.py} next to this
 * test's resources, written from the authors' published code, gradients by autograd), on fixed random logits, in
 * double precision. PyTorch is a test requirement: without it this test fails and says how to install it.
 */
class TorchReferenceTest {
    private static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    record Case(String loss, Map<String, Double> params) {
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (String name : DistillationLosses.names()) {
            c.add(new Case(name, Map.of()));
        }
        c.add(new Case("kd", Map.of("temperature", 2.0, "beta", 0.3, "t_squared", 1.0)));
        c.add(new Case("kd", Map.of("temperature", 1.0, "beta", 1.0)));
        c.add(new Case("dkd", Map.of("temperature", 1.0, "alpha", 0.5, "beta", 2.0, "ce_weight", 0.3)));
        c.add(new Case("dkd", Map.of("temperature", 8.0, "alpha", 2.0, "beta", 0.0)));
        c.add(new Case("logit_std", Map.of("temperature", 1.0, "ce_weight", 1.0, "kd_weight", 0.5)));
        c.add(new Case("logit_std", Map.of("temperature", 4.0)));
        c.add(new Case("dist", Map.of("temperature", 1.0, "beta", 1.0, "gamma", 1.0, "ce_weight", 0.0)));
        c.add(new Case("dist", Map.of("temperature", 2.0, "gamma", 0.5)));
        return c;
    }

    @Test
    void everyRegisteredLossMatchesThePyTorchReference(@TempDir Path dir) throws Exception {
        requireTorch();
        Random r = new Random(20221);
        int n = 8;
        int k = 10;
        double[][] y = new double[n][k];
        double[][] t = new double[n][k];
        double[][] z = new double[n][k];
        for (int i = 0; i < n; i++) {
            int cls = r.nextInt(k);
            double alpha = i % 2 == 0 ? 0 : 0.1;
            for (int j = 0; j < k; j++) {
                y[i][j] = (j == cls ? 1 - alpha : 0) + alpha / k;
                t[i][j] = r.nextGaussian() * 3 + (j == cls ? 4 : 0);
                z[i][j] = r.nextGaussian() * 3;
            }
        }
        List<Case> cases = cases();
        List<Map<String, Double>> resolved = new ArrayList<>();
        for (Case c : cases) {
            resolved.add(DistillationLosses.resolve(c.loss(), c.params()));
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("y", y);
        input.put("t", t);
        input.put("z", z);
        List<Map<String, Object>> caseList = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            caseList.add(Map.of("loss", cases.get(c).loss(), "params", resolved.get(c)));
        }
        input.put("cases", caseList);
        File in = dir.resolve("in.json").toFile();
        File out = dir.resolve("out.json").toFile();
        json.writeValue(in, input);

        String log = run(dir, PYTHON, script().toString(), in.toString(), out.toString());
        assertThat(out).as("the PyTorch reference wrote no output: %s", log).exists();
        JsonNode results = json.readTree(out).get("results");
        assertThat(results.size()).isEqualTo(cases.size());

        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        INDArray pre = Nd4j.create(z);
        for (int c = 0; c < cases.size(); c++) {
            ILossFunction loss = DistillationLosses.create(cases.get(c).loss(), resolved.get(c));
            INDArray scores = loss.computeScoreArray(labels, pre, new ActivationIdentity(), null);
            INDArray grad = loss.computeGradient(labels, pre, new ActivationIdentity(), null);
            JsonNode ref = results.get(c);
            String what = cases.get(c).loss() + " " + resolved.get(c);
            for (int i = 0; i < n; i++) {
                double s = ref.get("scores").get(i).asDouble();
                assertThat(scores.getDouble(i, 0)).as("%s score[%d]", what, i)
                        .isCloseTo(s, within(1e-9 * (1 + Math.abs(s))));
                for (int j = 0; j < k; j++) {
                    double g = ref.get("gradient").get(i).get(j).asDouble();
                    assertThat(grad.getDouble(i, j)).as("%s gradient[%d][%d]", what, i, j)
                            .isCloseTo(g, within(1e-9 * (1 + Math.abs(g))));
                }
            }
        }
    }

    private static Path script() throws Exception {
        var url = TorchReferenceTest.class.getResource("torch_reference.py");
        assertThat(url).as("test resource torch_reference.py").isNotNull();
        return Path.of(url.toURI());
    }

    /** Fails (does not skip) when PyTorch cannot be imported, saying how to install it. */
    private static void requireTorch() throws Exception {
        String install = "PyTorch is required by this test (an independent reference for the distillation losses)"
                + " and is missing: install it with `apt-get install python3-torch` (the project's test command"
                + " .ci/run installs it)";
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(install + "; " + PYTHON + " was not found either (apt-get install python3)");
        }
        Path tmp = Files.createTempDirectory("torch-check");
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("log").toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(install + " (`" + PYTHON + " -c 'import torch'` did not finish in 300 s)");
            }
            if (p.exitValue() != 0) {
                fail(install + "; `" + PYTHON + " -c 'import torch'` said: "
                        + Files.readString(tmp.resolve("log"), StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(tmp.resolve("log"));
            Files.deleteIfExists(tmp);
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        File log = dir.resolve("python.log").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the PyTorch reference did not finish in 300 s: " + String.join(" ", command));
        }
        String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s failed: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
