package io.smoothkd.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smoothkd.core.data.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The command line as a user meets it: exit codes, one-line errors, the contracted JSON keys. */
public class CliTest {
    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = SmoothKd.commandLine();
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    static Path write(Path dir, String name, INDArray a) throws Exception {
        Path f = dir.resolve(name);
        Npy.write(a, f);
        return f;
    }

    @Test
    void calibrationJsonHasTheContractedKeysAndAgreesWithANaiveComputation(@TempDir Path dir) throws Exception {
        Random r = new Random(1);
        int n = 500;
        int k = 4;
        double[][] z = new double[n][k];
        long[] y = new long[n];
        double nll = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int c = 0; c < k; c++) {
                z[i][c] = r.nextGaussian() * 2 + (c == y[i] ? 1.5 : 0);
            }
            double lse = 0;
            int arg = 0;
            for (int c = 0; c < k; c++) {
                lse += Math.exp(z[i][c]);
                arg = z[i][c] > z[i][arg] ? c : arg;
            }
            nll += Math.log(lse) - z[i][(int) y[i]];
            correct += arg == y[i] ? 1 : 0;
        }
        Path logits = write(dir, "L.npy", Nd4j.create(z).castTo(DataType.FLOAT));
        Path labels = write(dir, "Y.npy", Nd4j.createFromArray(y));
        Result res = run("calibration", "--logits", logits.toString(), "--labels", labels.toString(), "--json");
        assertThat(res.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(res.out());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).containsExactly("n", "accuracy", "ece", "mce", "nll", "brier", "temperature",
                "ece_after_scaling", "nll_after_scaling", "ece_adaptive", "ece_classwise", "nll_after_vector_scaling",
                "nll_after_matrix_scaling");
        // richer in-sample fits are never worse: matrix ⊇ vector ⊇ temperature
        assertThat(json.get("nll_after_vector_scaling").asDouble())
                .isLessThanOrEqualTo(json.get("nll_after_scaling").asDouble() + 1e-12);
        assertThat(json.get("nll_after_matrix_scaling").asDouble())
                .isLessThanOrEqualTo(json.get("nll_after_vector_scaling").asDouble() + 1e-12);
        assertThat(json.get("ece_adaptive").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("ece_classwise").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("n").asInt()).isEqualTo(n);
        assertThat(json.get("accuracy").asDouble()).isEqualTo(correct / (double) n);
        assertThat(json.get("nll").asDouble()).isCloseTo(nll / n, within(1e-5));
        assertThat(json.get("nll_after_scaling").asDouble()).isLessThanOrEqualTo(json.get("nll").asDouble());

        // one-hot labels give the same answer; float64 logits too
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, k);
        for (int i = 0; i < n; i++) {
            oneHot.putScalar(i, (int) y[i], 1f);
        }
        Path oh = write(dir, "Yoh.npy", oneHot);
        Result res2 = run("calibration", "--logits", logits.toString(), "--labels", oh.toString(), "--json");
        assertThat(res2.out()).isEqualTo(res.out());
        Result table = run("calibration", "--logits", logits.toString(), "--labels", labels.toString(), "--bins", "10");
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("ece").contains("(0.900, 1.000]");
    }

    @Test
    void temperatureFitAtItsBoundIsFlaggedNotReportedAsOptimal(@TempDir Path dir) throws Exception {
        // every prediction confidently wrong: the NLL keeps falling as T grows (towards uniform), so the fit ends at
        // its upper bound
        int n = 40;
        double[][] z = new double[n][3];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            z[i][(int) (y[i] + 1) % 3] = 5;
        }
        Path l = write(dir, "l.npy", Nd4j.createFromArray(z));
        Path yl = write(dir, "y.npy", Nd4j.createFromArray(y));
        java.io.PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Result r;
        try {
            r = run("calibration", "--logits", l.toString(), "--labels", yl.toString(), "--json");
        } finally {
            System.setErr(oldErr);
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the temperature fit stopped at its bound")
                .contains("not an optimum");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("temperature").asDouble())
                .isEqualTo(io.smoothkd.core.calibration.TemperatureScaling.MAX_TEMPERATURE);
    }

    @Test
    void mutualInfoJsonHasTheContractedKeys(@TempDir Path dir) throws Exception {
        double[][] s = new double[30][5];
        Random r = new Random(2);
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 5; j++) {
                s[i][j] = 1000.0 * i + r.nextGaussian();
            }
        }
        Path f = write(dir, "S.npy", Nd4j.create(s).castTo(DataType.FLOAT));
        Result res = run("mutual-info", "--samples", f.toString(), "--json");
        assertThat(res.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(res.out());
        assertThat(json.get("n").asInt()).isEqualTo(30);
        assertThat(json.get("l").asInt()).isEqualTo(5);
        assertThat(json.get("max_mi").asDouble()).isCloseTo(Math.log(30), within(1e-12));
        assertThat(json.get("mi").asDouble()).isCloseTo(Math.log(30), within(1e-6));
        assertThat(json.size()).isEqualTo(4);
    }

    static Stream<Arguments> badCalibrationInputs() {
        return Stream.of(
                new String[] {"missing", "--logits", "@/nope.npy", "--labels", "@/Y.npy"},
                new String[] {"directory", "--logits", "@", "--labels", "@/Y.npy"},
                new String[] {"empty", "--logits", "@/empty.npy", "--labels", "@/Y.npy"},
                new String[] {"garbage", "--logits", "@/garbage.npy", "--labels", "@/Y.npy"},
                new String[] {"rank", "--logits", "@/Y.npy", "--labels", "@/Y.npy"},
                new String[] {"nan", "--logits", "@/nan.npy", "--labels", "@/Y.npy"},
                new String[] {"inf", "--logits", "@/inf.npy", "--labels", "@/Y.npy"},
                new String[] {"count", "--logits", "@/L.npy", "--labels", "@/Yshort.npy"},
                new String[] {"range", "--logits", "@/L.npy", "--labels", "@/Ybig.npy"},
                new String[] {"negative", "--logits", "@/L.npy", "--labels", "@/Yneg.npy"},
                new String[] {"bins0", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--bins", "0"},
                new String[] {"binsNeg", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--bins", "-3"},
                new String[] {"binsText", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--bins", "many"},
                new String[] {"binsHuge", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--bins", "2000000000"},
                new String[] {"device", "--logits", "/dev/zero", "--labels", "@/Y.npy"},
                new String[] {"headerLies", "--logits", "@/lies.npy", "--labels", "@/Y.npy"},
                new String[] {"missingOption", "--logits", "@/L.npy"},
                new String[] {"unknownOption", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--frob"},
                new String[] {"methodNoFit", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--method", "vector"},
                new String[] {"fitNoMethod", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--fit-logits", "@/L.npy",
                        "--fit-labels", "@/Y.npy"},
                new String[] {"fitClasses", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--method", "vector",
                        "--fit-logits", "@/L4.npy", "--fit-labels", "@/Y.npy"},
                new String[] {"fitMissing", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--method", "isotonic",
                        "--fit-logits", "@/nope.npy", "--fit-labels", "@/Y.npy"},
                new String[] {"odirNeg", "--logits", "@/L.npy", "--labels", "@/Y.npy", "--method", "matrix",
                        "--fit-logits", "@/L.npy", "--fit-labels", "@/Y.npy", "--off-diagonal-l2", "-1"})
                .map(a -> Arguments.of((Object) a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalibrationInputs")
    void badInputExitsTwoWithOneLine(String[] spec, @TempDir Path dir) throws Exception {
        write(dir, "L.npy", Nd4j.rand(DataType.FLOAT, 6, 3));
        write(dir, "Y.npy", Nd4j.createFromArray(new long[] {0, 1, 2, 0, 1, 2}));
        write(dir, "Yshort.npy", Nd4j.createFromArray(new long[] {0, 1}));
        write(dir, "L4.npy", Nd4j.rand(DataType.FLOAT, 6, 4));
        write(dir, "Ybig.npy", Nd4j.createFromArray(new long[] {0, 1, 2, 3, 1, 2}));
        write(dir, "Yneg.npy", Nd4j.createFromArray(new long[] {0, -1, 2, 0, 1, 2}));
        INDArray nan = Nd4j.rand(DataType.DOUBLE, 6, 3);
        nan.putScalar(2, 1, Double.NaN);
        write(dir, "nan.npy", nan);
        INDArray inf = Nd4j.rand(DataType.FLOAT, 6, 3);
        inf.putScalar(4, 0, Float.POSITIVE_INFINITY);
        write(dir, "inf.npy", inf);
        Files.write(dir.resolve("empty.npy"), new byte[0]);
        Files.writeString(dir.resolve("garbage.npy"), "#!/bin/sh\necho not an array\n");
        // a header claiming 2e9 x 10 floats in a file of 200 bytes
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2000000000, 10), }";
        header = header + " ".repeat(117 - header.length()) + "\n";
        java.io.ByteArrayOutputStream lies = new java.io.ByteArrayOutputStream();
        lies.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        lies.write(header.getBytes(StandardCharsets.ISO_8859_1));
        lies.write(new byte[64]);
        Files.write(dir.resolve("lies.npy"), lies.toByteArray());
        String[] args = new String[spec.length];
        args[0] = "calibration";
        for (int i = 1; i < spec.length; i++) {
            args[i] = spec[i].replace("@", dir.toString());
        }
        Result res = run(args);
        assertThat(res.code()).as(res.err()).isEqualTo(2);
        assertThat(res.out()).isEmpty();
        assertThat(res.err().strip().lines()).hasSize(1);
        assertThat(res.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(res.err()).containsAnyOf("--logits", "--labels", "--bins", "--frob", "--method", "--fit-logits",
                "--off-diagonal-l2");
    }

    @Test
    void unknownMethodExitsTwoListingTheValidOnes(@TempDir Path dir) throws Exception {
        Path l = write(dir, "L.npy", Nd4j.rand(DataType.FLOAT, 6, 3));
        Path y = write(dir, "Y.npy", Nd4j.createFromArray(new long[] {0, 1, 2, 0, 1, 2}));
        Result res = run("calibration", "--logits", l.toString(), "--labels", y.toString(), "--method", "platt",
                "--fit-logits", l.toString(), "--fit-labels", y.toString());
        assertThat(res.code()).isEqualTo(2);
        assertThat(res.out()).isEmpty();
        assertThat(res.err().strip()).isEqualTo("smoothkd calibration: --method platt: unknown calibration method; expected one of temperature,"
                + " vector, matrix, histogram, isotonic");
    }

    @Test
    void methodFittedOnAHeldOutSetReportsCalibratedMetrics(@TempDir Path dir) throws Exception {
        // over-confident logits: 3·(true logits); the held-out set comes from the same model
        Random r = new Random(4);
        int n = 400;
        int k = 3;
        double[][][] z = new double[2][n][k];
        long[][] y = new long[2][n];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < n; i++) {
                double[] g = new double[k];
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    g[c] = r.nextGaussian();
                    sum += Math.exp(g[c]);
                }
                double u = r.nextDouble() * sum;
                int c = 0;
                for (double acc = Math.exp(g[0]); acc < u && c < k - 1; acc += Math.exp(g[++c])) {
                    // draw from softmax(g)
                }
                y[s][i] = c;
                for (int j = 0; j < k; j++) {
                    z[s][i][j] = 3 * g[j];
                }
            }
        }
        Path l = write(dir, "L.npy", Nd4j.create(z[0]));
        Path yl = write(dir, "Y.npy", Nd4j.createFromArray(y[0]));
        Path f = write(dir, "F.npy", Nd4j.create(z[1]));
        Path fy = write(dir, "FY.npy", Nd4j.createFromArray(y[1]));
        double rawNll = 0;
        for (int i = 0; i < n; i++) {
            double lse = 0;
            for (int c = 0; c < k; c++) {
                lse += Math.exp(z[0][i][c]);
            }
            rawNll += Math.log(lse) - z[0][i][(int) y[0][i]];
        }
        rawNll /= n;
        for (String method : new String[] {"temperature", "vector", "matrix", "histogram", "isotonic"}) {
            Result res = run("calibration", "--logits", l.toString(), "--labels", yl.toString(), "--method", method,
                    "--fit-logits", f.toString(), "--fit-labels", fy.toString(), "--json");
            assertThat(res.code()).as(res.err()).isZero();
            JsonNode c = new ObjectMapper().readTree(res.out()).get("calibrated");
            assertThat(c.get("method").asText()).isEqualTo(method);
            assertThat(c.get("fit_n").asInt()).isEqualTo(n);
            assertThat(new ObjectMapper().readTree(res.out()).get("nll").asDouble()).isCloseTo(rawNll, within(1e-9));
            // fitted on held-out data of the same over-confident model, every method lowers the test NLL
            assertThat(c.get("nll").asDouble()).as(method).isLessThan(rawNll);
            assertThat(c.get("ece").asDouble()).isBetween(0.0, 1.0);
        }
        Result table = run("calibration", "--logits", l.toString(), "--labels", yl.toString(), "--method", "isotonic",
                "--fit-logits", f.toString(), "--fit-labels", fy.toString());
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("calibrated (fitted on " + f + ")").contains("ece_adaptive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"one", "constant", "rank", "nan"})
    void badSamplesExitTwoWithOneLine(String which, @TempDir Path dir) throws Exception {
        INDArray a = switch (which) {
            case "one" -> Nd4j.rand(DataType.DOUBLE, 1, 5);
            case "constant" -> Nd4j.ones(DataType.DOUBLE, 10, 5);
            case "rank" -> Nd4j.rand(DataType.DOUBLE, 10);
            default -> {
                INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 5);
                x.putScalar(3, 3, Double.NaN);
                yield x;
            }
        };
        Path f = write(dir, "S.npy", a);
        Result res = run("mutual-info", "--samples", f.toString());
        assertThat(res.code()).as(res.err()).isEqualTo(2);
        assertThat(res.err().strip().lines()).hasSize(1);
        assertThat(res.err()).contains("--samples").contains(f.toString());
    }

    @Test
    void unknownCommandMissingCommandHelpAndVersion() throws Exception {
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run().code()).isEqualTo(2);
        for (String cmd : new String[] {"calibration", "mutual-info"}) {
            Result help = run(cmd, "--help");
            assertThat(help.code()).isZero();
            assertThat(run(cmd, "--version").code()).isZero();
        }
        Result version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out().lines().findFirst()).contains("smoothkd " + projectVersion());
    }

    /** The project version as the parent pom declares it (read from this module's pom.xml, its parent block). */
    static String projectVersion() throws java.io.IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<parent>.*?<version>([^<]+)</version>",
                java.util.regex.Pattern.DOTALL).matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1).trim();
    }

    @Test
    void mutualInformationOfSamplesNear1e300IsFiniteAndScaleInvariant(@TempDir Path dir) throws Exception {
        double[][] s = new double[40][4];
        java.util.Random r = new java.util.Random(3);
        for (int x = 0; x < 40; x++) {
            for (int j = 0; j < 4; j++) {
                s[x][j] = x % 4 + r.nextGaussian();
            }
        }
        Result plain = run("mutual-info", "--samples", write(dir, "S.npy", Nd4j.create(s)).toString(), "--json");
        Result huge = run("mutual-info", "--samples", write(dir, "H.npy", Nd4j.create(s).mul(1e300)).toString(),
                "--json");
        assertThat(huge.code()).as(huge.err()).isZero();
        double mi = new ObjectMapper().readTree(huge.out()).get("mi").asDouble();
        assertThat(mi).isFinite().isCloseTo(new ObjectMapper().readTree(plain.out()).get("mi").asDouble(),
                within(1e-9));
    }

    @Test
    void reportOfAMalformedCellExitsTwoWithOneLineNamingFileAndField(@TempDir Path dir) throws Exception {
        Path cells = Files.createDirectories(dir.resolve("cells"));
        Files.writeString(cells.resolve("teacher-mnist-a0-s1.json"), "{\"id\": \"teacher-mnist-a0-s1\", \"kind\":"
                + " \"teacher\", \"family\": \"hard\", \"dataset\": \"mnist\", \"seed\": \"one\", \"params\": {},"
                + " \"metrics\": {\"test_error\": 0.01, \"test_ece\": 0.01, \"validation_accuracy\": 0.99}}");
        Result res = run("report", dir.toString());
        assertThat(res.code()).as(res.err()).isEqualTo(2);
        assertThat(res.err().strip().lines()).hasSize(1);
        assertThat(res.err()).contains("teacher-mnist-a0-s1.json").contains("seed is the string \"one\", expected an"
                + " integer");
    }

    @Test
    void anInterruptionHintNamesTheSameCommandWithResume() {
        assertThat(SmoothKd.interruptHint(new String[] {"run", "paper", "--quick", "--force"})).isEqualTo(
                "smoothkd run: interrupted; finished cells and the last checkpoint of the training in progress are"
                        + " kept; to continue: smoothkd run paper --quick --resume");
        assertThat(SmoothKd.interruptHint(new String[] {"--backend", "cpu", "teacher", "--out", "my dir", "--resume"}))
                .endsWith("to continue: smoothkd --backend cpu teacher --out 'my dir' --resume");
        assertThat(SmoothKd.interruptHint(new String[] {"report", "x"})).isNull();
    }
}
