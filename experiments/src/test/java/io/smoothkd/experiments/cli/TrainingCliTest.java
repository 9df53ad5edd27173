package io.smoothkd.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.smoothkd.experiments.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** teacher and student from the command line on real MNIST (small subsets), and their one-line errors. */
class TrainingCliTest {
    @TempDir
    static Path dir;
    static final String[] SMALL = {"--epochs", "1", "--train-limit", "2000", "--test-limit", "500", "--validation",
            "500"};

    static String[] args(String cmd, String... more) {
        String[] a = new String[1 + SMALL.length + more.length];
        a[0] = cmd;
        System.arraycopy(SMALL, 0, a, 1, SMALL.length);
        System.arraycopy(more, 0, a, 1 + SMALL.length, more.length);
        return a;
    }

    @BeforeAll
    static void trainTeacher() {
        CliTest.Result r = run(args("teacher", "--net", "784-64-10", "--alpha", "0.1", "--jitter", "1", "--out",
                dir.resolve("teacher").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("teacher\n  run folder ").contains("test error");
    }

    @Test
    void studentDistilledFromTheTeacherFolder() throws Exception {
        CliTest.Result r = run(args("student", "--net", "784-32-10", "--teacher", dir.resolve("teacher").toString(),
                "--temperature", "2", "--beta", "0.5", "--t-squared", "--out", dir.resolve("student").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode prov = new ObjectMapper().readTree(dir.resolve("student/provenance.json").toFile());
        assertThat(prov.get("distillation").get("temperature").asDouble()).isEqualTo(2.0);
        assertThat(prov.get("distillation").get("scale_by_temperature_squared").asBoolean()).isTrue();
        assertThat(prov.get("teacher").get("config").get("alpha").asDouble()).isEqualTo(0.1);
        assertThat(prov.get("command_line").asText()).isEqualTo("smoothkd " + String.join(" ", args("student", "--net",
                "784-32-10", "--teacher", dir.resolve("teacher").toString(), "--temperature", "2", "--beta", "0.5",
                "--t-squared", "--out", dir.resolve("student").toString())));
        assertThat(prov.get("versions").get("smoothkd").asText()).isEqualTo(CliTest.projectVersion());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("student/metrics.json").toFile());
        assertThat(metrics.get("test_accuracy").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void studentDistilledWithALossByNameAndItsParameters() throws Exception {
        CliTest.Result r = run(args("student", "--net", "784-32-10", "--teacher", dir.resolve("teacher").toString(),
                "--loss", "dkd", "--loss-param", "beta=2", "--loss-param", "ce_weight=0.5", "--temperature", "3",
                "--out", dir.resolve("student-dkd").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode spec = new ObjectMapper().readTree(dir.resolve("student-dkd/provenance.json").toFile())
                .get("distillation");
        assertThat(spec.get("loss").asText()).isEqualTo("dkd");
        assertThat(spec.get("params").toString())
                .isEqualTo("{\"temperature\":3.0,\"alpha\":1.0,\"beta\":2.0,\"ce_weight\":0.5}");
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("student-dkd/metrics.json").toFile());
        assertThat(metrics.get("test_accuracy").asDouble()).isGreaterThan(0.5);
        CliTest.Result help = run("student", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--loss=NAME Distillation loss by name: kd, dkd,"
                + " logit_std, dist").contains("--loss-param=KEY=VALUE");
    }

    @Test
    void recipeOptionsAreRecordedAndTheMaxNormHolds() throws Exception {
        CliTest.Result r = run(args("teacher", "--net", "784-48-10", "--lr", "0.01", "--lr-schedule", "cosine",
                "--warmup-epochs", "0.5", "--max-norm", "1.5", "--weight-decay", "0.01", "--elastic", "8,3", "--out",
                dir.resolve("recipe").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode config = new ObjectMapper().readTree(dir.resolve("recipe/provenance.json").toFile()).get("config");
        assertThat(config.get("lr_schedule").asText()).isEqualTo("cosine");
        assertThat(config.get("warmup_epochs").asDouble()).isEqualTo(0.5);
        assertThat(config.get("max_norm").asDouble()).isEqualTo(1.5);
        assertThat(config.get("weight_decay").asDouble()).isEqualTo(0.01);
        assertThat(config.get("elastic_alpha").asDouble()).isEqualTo(8.0);
        assertThat(config.get("elastic_sigma").asDouble()).isEqualTo(3.0);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = org.deeplearning4j.util.ModelSerializer
                .restoreMultiLayerNetwork(dir.resolve("recipe/model.zip").toFile(), false);
        for (int l = 0; l < net.getnLayers(); l++) {
            org.nd4j.linalg.api.ndarray.INDArray w = net.getLayer(l).getParam("W");
            double largest = w.norm2(0).maxNumber().doubleValue(); // [nIn, nOut]: a unit's incoming weights
            assertThat(largest).as("layer %d", l).isLessThanOrEqualTo(1.5 + 1e-5);
        }
    }

    @Test
    void mutualInformationOfATrainedRunFolder() throws Exception {
        String teacher = dir.resolve("teacher").toString();
        CliTest.Result r = run("mutual-info", "--run", teacher, "--per-class", "40", "--copies", "3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("n").asInt()).isEqualTo(80);
        assertThat(j.get("l").asInt()).isEqualTo(3);
        assertThat(j.get("max_mi").asDouble()).isCloseTo(Math.log(80), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(j.get("mi").asDouble()).isBetween(0.0, Math.log(80));
        assertThat(j.get("shift").asInt()).isEqualTo(1);   // the teacher's own jitter
        assertThat(j.get("classes").toString()).isEqualTo("[0,1]");
        // a trained 0-vs-1 network tells the two classes apart: at least most of ln 2 nats
        assertThat(j.get("mi").asDouble()).isGreaterThan(0.5 * Math.log(2));
        CliTest.Result noisy = run("mutual-info", "--run", teacher, "--per-class", "40", "--copies", "3", "--shift",
                "0", "--noise", "0.2", "--classes", "4,9", "--json");
        assertThat(noisy.code()).as(noisy.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(noisy.out());
        assertThat(n.get("classes").toString()).isEqualTo("[4,9]");
        assertThat(n.get("mi").asDouble()).isNotEqualTo(j.get("mi").asDouble());
        // a run that recorded its curve's probe (shift 0, noise 0.2) is measured with that probe by default
        Path recorded = dir.resolve("teacher-recorded");
        try (var files = Files.walk(Path.of(teacher))) {
            for (Path f : files.toList()) {
                Path to = recorded.resolve(Path.of(teacher).relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        ObjectMapper om = new ObjectMapper();
        var metricsJson = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(
                recorded.resolve("metrics.json").toFile());
        metricsJson.putObject("mutual_information").put("shift", 0).put("noise", 0.2);
        om.writeValue(recorded.resolve("metrics.json").toFile(), metricsJson);
        CliTest.Result byRecord = run("mutual-info", "--run", recorded.toString(), "--per-class", "40", "--copies",
                "3", "--classes", "4,9", "--json");
        assertThat(byRecord.code()).as(byRecord.err()).isZero();
        JsonNode rec = om.readTree(byRecord.out());
        assertThat(rec.get("shift").asInt()).isZero();
        assertThat(rec.get("noise").asDouble()).isEqualTo(0.2);
        assertThat(rec.get("mi").asDouble()).isEqualTo(n.get("mi").asDouble());
        // the run's configuration is read back exactly (RunConfig.fromMap), never completed with guessed defaults
        var provenance = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(
                recorded.resolve("provenance.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) provenance.get("config")).remove("seed");
        om.writeValue(recorded.resolve("provenance.json").toFile(), provenance);
        CliTest.Result noSeed = run("mutual-info", "--run", recorded.toString(), "--per-class", "40", "--json");
        assertThat(noSeed.code()).isEqualTo(2);
        assertThat(noSeed.err().strip()).isEqualTo("smoothkd mutual-info: " + recorded.resolve("provenance.json")
                + ": run configuration: missing key 'seed'");
        for (String[] bad : new String[][] {{"mutual-info", "--run", dir.toString()},
                {"mutual-info", "--run", teacher, "--classes", "3"},
                {"mutual-info", "--run", teacher, "--classes", "3,3"},
                {"mutual-info", "--run", teacher, "--shift", "0"},
                {"mutual-info", "--run", teacher, "--samples", "x.npy"}}) {
            CliTest.Result b = run(bad);
            assertThat(b.code()).as(String.join(" ", bad) + ": " + b.err()).isEqualTo(2);
            assertThat(b.err().strip().lines()).as(b.err()).hasSize(1);
        }
    }

    @Test
    void cnnTeacherOnRealFashionMnistBeatsChance() throws Exception {
        CliTest.Result r = run(args("teacher", "--data", "fashion-mnist", "--net", "cnn:8-16-32", "--dropout", "0",
                "--input-dropout", "0", "--out", dir.resolve("cnn").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("cnn/metrics.json").toFile());
        assertThat(metrics.get("test_accuracy").asDouble()).isGreaterThan(0.5); // chance: 0.1
        JsonNode prov = new ObjectMapper().readTree(dir.resolve("cnn/provenance.json").toFile());
        assertThat(prov.get("input_shape").toString()).isEqualTo("[1,28,28]");
        assertThat(prov.get("data_sha256").fieldNames().next()).endsWith(".gz");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown data set|teacher --data cifar-7 --out @/x|--data",
            "malformed net|teacher --net 784-abc-10 --out @/x|--net",
            "net of wrong width|teacher --net 100-10 --out @/x|100 inputs",
            "alpha 1|teacher --alpha 1 --out @/x|--alpha",
            "alpha negative|teacher --alpha -0.1 --out @/x|--alpha",
            "temperature 0|student --teacher @/teacher --temperature 0 --out @/x|--temperature",
            "temperature negative|student --teacher @/teacher --temperature -2 --out @/x|--temperature",
            "beta above 1|student --teacher @/teacher --beta 1.5 --out @/x|--beta",
            "unknown loss|student --teacher @/teacher --loss ckd --out @/x|valid losses: kd, dkd, logit_std, dist",
            "unknown loss key|student --teacher @/teacher --loss dkd --loss-param gamma=1 --out @/x|valid parameters",
            "loss key not a number|student --teacher @/teacher --loss dkd --loss-param beta=eight --out @/x|beta=eight",
            "loss key out of range|student --teacher @/teacher --loss dist --loss-param gamma=-1 --out @/x|gamma",
            "loss param no equals|student --teacher @/teacher --loss dkd --loss-param beta --out @/x|--loss-param",
            "kd flag on dkd|student --teacher @/teacher --loss dkd --beta 0.5 --out @/x|--loss-param",
            "key given twice|student --teacher @/teacher --temperature 2 --loss-param temperature=3 --out @/x|once",
            "loss without teacher|student --loss dkd --out @/x|--teacher",
            "missing teacher|student --teacher @/nope --out @/x|does not exist",
            "unfinished teacher|student --teacher @/empty --out @/x|no finished run",
            "corrupt model|student --teacher @/corrupt --jitter 1 --out @/x|model.zip",
            "other class count|student --teacher @/wrongclasses --out @/x|classes",
            "occupied output|teacher --out @/teacher|already holds a run",
            "missing out|teacher|--out",
            "epochs text|teacher --epochs many --out @/x|--epochs",
            "unknown schedule|teacher --lr-schedule onecycle --out @/x|--lr-schedule: unknown learning-rate schedule",
            "lr-decay with cosine|student --lr-schedule cosine --lr-decay 0.9 --out @/x|--lr-decay: applies to",
            "warm-up too long|teacher --lr-schedule cosine --epochs 2 --warmup-epochs 2 --out @/x|--warmup-epochs:",
            "warm-up without cosine|teacher --warmup-epochs 1 --out @/x|--warmup-epochs: warmupEpochs applies to the cosine",
            "max-norm negative|teacher --max-norm -1 --out @/x|--max-norm:",
            "elastic one number|teacher --elastic 34 --out @/x|--elastic: expected two numbers α,σ",
            "elastic sigma 0|teacher --elastic 34,0 --out @/x|--elastic: elasticSigma must be in (0, 64]",
            "weight decay 1|student --weight-decay 1 --out @/x|--weight-decay:",
            "net too large for memory|teacher --net 784-2000000000-10 --out @/x|1590000000010 parameters",
            "provenance classes as text|student --teacher @/classestext --out @/x|expected an integer number of classes",
            "teacher logits with NaN|student --teacher @/nanlogits --out @/x|NaN at row 7, column 2",
            "teacher without model, cached logits|student --teacher @/nomodel --out @/x|model.zip is missing",
            "resume with another net|teacher --out @/teacher --resume|net = 784-64-10 there, 784-1200-1200-10 now",
            "resume with another alpha|teacher --net 784-64-10 --jitter 1 --out @/teacher --resume|alpha = 0.1 there, 0 now",
            "force on a folder that is not a run|teacher --out @/notarun --force|not a SmoothKD run folder",
            "divergence|teacher --net 784-16-10 --lr 1e30 --out @/x|training diverged"})
    void badInputExitsTwoWithOneLine(String name, String argLine, String expected) throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Path corrupt = dir.resolve("corrupt");
        Path wrong = dir.resolve("wrongclasses");
        if (!Files.exists(corrupt)) {
            Files.createDirectories(corrupt);
            Files.createDirectories(wrong);
            for (String f : new String[] {"provenance.json", "metrics.json", "logits-train.npy"}) {
                Files.copy(dir.resolve("teacher").resolve(f), corrupt.resolve(f));
                Files.copy(dir.resolve("teacher").resolve(f), wrong.resolve(f));
            }
            Files.writeString(corrupt.resolve("model.zip"), "garbage, not a zip");
            Files.writeString(wrong.resolve("provenance.json"), Files.readString(wrong.resolve("provenance.json"))
                    .replace("\"classes\" : 10", "\"classes\" : 7"));
        }
        for (String copy : new String[] {"classestext", "nanlogits", "nomodel"}) {
            Path t = dir.resolve(copy);
            if (!Files.exists(t)) {
                Files.createDirectories(t);
                try (var files = Files.list(dir.resolve("teacher"))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, t.resolve(f.getFileName()));
                    }
                }
            }
        }
        Path classes = dir.resolve("classestext/provenance.json");
        Files.writeString(classes, Files.readString(classes).replace("\"classes\" : 10", "\"classes\" : \"ten\""));
        org.nd4j.linalg.api.ndarray.INDArray z = io.smoothkd.core.data.Npy.read(dir.resolve("nanlogits/logits-train.npy"));
        z.putScalar(7, 2, Double.NaN);
        io.smoothkd.core.data.Npy.write(z, dir.resolve("nanlogits/logits-train.npy"));
        Files.deleteIfExists(dir.resolve("nomodel/model.zip"));
        Files.createDirectories(dir.resolve("notarun"));
        Files.writeString(dir.resolve("notarun/model.zip"), "someone else's model");
        Files.writeString(dir.resolve("notarun/chapter1.tex"), "a thesis");
        String[] a = argLine.replace("@", dir.toString()).split(" ");
        CliTest.Result r = run(a);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThat(dir.resolve("notarun/chapter1.tex")).exists();
        assertThat(dir.resolve("notarun/model.zip")).exists();
    }
}
