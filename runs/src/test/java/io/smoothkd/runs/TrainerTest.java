package io.smoothkd.runs;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.nets.NetworkOptions;
import io.smoothkd.core.nets.Networks;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared training loop on real MNIST (a few thousand examples): learning, resume equivalence, NaN guard. */
class TrainerTest {
    static ExperimentData data;
    static final RunConfig CONFIG = new RunConfig("mnist", NetSpec.parse("784-64-10"), 0.1, 3, 64, 2e-3, 0.9, 0.1,
            0.3, 1, 1000, 0, 7, 3000, 2000);

    @BeforeAll
    static void load() throws Exception {
        data = Runs.load(DatasetRepository.atDefaultLocation(), CONFIG);
    }

    static MultiLayerNetwork freshNet() {
        return Networks.buildFast(CONFIG.net(), 1, 28, 28, 10, CONFIG.networkOptions(data.train().size()),
                Networks.labelHead());
    }

    static TrainingResult train(int epochs, Path dir, boolean resume) throws Exception {
        ImageDataSetIterator it = Runs.trainIterator(data, CONFIG);
        return new Trainer(new TrainingOptions(epochs, 0, false, CONFIG.seed())).fit(freshNet(),
                Runs.epochs(it, i -> i), Runs.validationAccuracy(data.validation()), dir, resume, "test");
    }

    @Test
    void learnsRealMnistFarAboveChance(@TempDir Path dir) throws Exception {
        TrainingResult r = train(3, dir, false);
        double acc = io.smoothkd.core.representation.NetworkLogits.accuracy(Runs.logits(r.network(), data.test()),
                data.test().labels());
        assertThat(acc).isGreaterThan(0.85); // chance is 0.10
        assertThat(r.history()).hasSize(3);
        assertThat(r.history().get(2).trainLoss()).isLessThan(r.history().get(0).trainLoss());
        assertThat(Files.exists(dir.resolve("checkpoint.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("checkpoint-3.zip"))).isTrue();
        assertThat(Files.exists(dir.resolve("checkpoint-2.zip"))).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void resumingAfterAnInterruptionGivesTheSameNetworkAsAnUninterruptedRun(@TempDir Path a, @TempDir Path b)
            throws Exception {
        TrainingResult straight = train(3, a, false);
        train(2, b, false);                 // "interrupted" after epoch 2: its checkpoint is all that is left
        TrainingResult resumed = train(3, b, true);
        assertThat(resumed.resumedFrom()).isEqualTo(2);
        assertThat(resumed.history()).hasSize(3);
        assertThat(resumed.network().params().equalsWithEps(straight.network().params(), 0.0))
                .as("parameters after resume equal the uninterrupted run's").isTrue();
        assertThat(resumed.history().get(2).validationScore()).isEqualTo(straight.history().get(2).validationScore());
        // the resumed network has the layers the run was given (here SmoothKD's fast ones)
        assertThat(io.smoothkd.core.nets.FastLayers.uses(resumed.network())).isTrue();
    }

    @Test
    void nanLossStopsWithEpochAndStep(@TempDir Path dir) {
        MultiLayerNetwork net = Networks.build(NetSpec.parse("4-3"), 1, 1, 4, 3, NetworkOptions.defaults(1),
                Networks.labelHead());
        List<DataSet> batches = List.of(
                new DataSet(Nd4j.rand(DataType.FLOAT, 8, 4), Nd4j.eye(3).castTo(DataType.FLOAT).repeat(0, 3).getRows(0, 1, 2, 0, 1, 2, 0, 1)),
                new DataSet(Nd4j.valueArrayOf(new long[] {8, 4}, Float.NaN, DataType.FLOAT),
                        Nd4j.eye(3).castTo(DataType.FLOAT).repeat(0, 3).getRows(0, 1, 2, 0, 1, 2, 0, 1)));
        EpochBatches nanBatches = new EpochBatches() {
            @Override
            public DataSetIterator epoch(int epoch) {
                return new ListDataSetIterator<>(batches, 1);
            }

            @Override
            public long examplesPerEpoch() {
                return 16;
            }
        };
        assertThatThrownBy(() -> new Trainer(new TrainingOptions(2, 0, false, 1)).fit(net, nanBatches, n -> 0.0, dir,
                false, "nan")).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("epoch 1, step 2").hasMessageContaining("NaN");
    }

    @Test
    void augmentationIsUsedWhenJitterIsSet() {
        assertThat(Runs.augmentation(CONFIG).isIdentity()).isFalse();
        assertThat(Augmentation.none().isIdentity()).isTrue();
    }

    @Test
    void aCheckpointStateNamingAFileOutsideItsFolderIsRefusedAndNothingOutsideIsTouched(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("run/checkpoints");
        train(1, dir, false);
        Path outside = tmp.resolve("outside.zip");
        Files.copy(dir.resolve("checkpoint-1.zip"), outside);
        for (String name : new String[] {"../../outside.zip", outside.toString(), "best.zip", "sub/checkpoint-1.zip"}) {
            String state = Files.readString(dir.resolve("checkpoint.json")).replaceFirst(
                    "\"checkpoint\" : \"[^\"]*\"", "\"checkpoint\" : \"" + name.replace("\\", "\\\\") + "\"");
            Files.writeString(dir.resolve("checkpoint.json"), state);
            assertThatThrownBy(() -> train(2, dir, true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("checkpoint.json").hasMessageContaining("inside");
            assertThat(outside).exists();
        }
    }

    @Test
    void anEmptyCheckpointStateStartsAfresh(@TempDir Path dir) throws Exception {
        train(1, dir, false);
        Files.write(dir.resolve("checkpoint.json"), new byte[0]); // what a power loss can leave
        TrainingResult r = train(1, dir, true);
        assertThat(r.resumedFrom()).isZero();
        assertThat(r.history()).hasSize(1);
    }

    @Test
    void theCheckpointStateUsesSnakeCaseKeysAndEpochsFromOneAsMetricsJsonDoes(@TempDir Path dir) throws Exception {
        TrainingResult r = train(2, dir, false);
        JsonNode state = new ObjectMapper().readTree(dir.resolve("checkpoint.json").toFile());
        List<String> keys = new ArrayList<>();
        state.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("completed_epochs", "checkpoint", "best_epoch", "best_validation_score",
                "epochs_without_improvement", "stopped_early", "history");
        assertThat(state.get("completed_epochs").asInt()).isEqualTo(2);
        assertThat(state.get("checkpoint").asText()).isEqualTo("checkpoint-2.zip");
        JsonNode history = state.get("history");
        assertThat(history).hasSize(2);
        List<String> epochKeys = new ArrayList<>();
        history.get(0).fieldNames().forEachRemaining(epochKeys::add);
        assertThat(epochKeys).containsExactly("epoch", "train_loss", "validation_score", "seconds",
                "examples_per_second");
        assertThat(history.get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(history.get(1).get("epoch").asInt()).isEqualTo(2);
        // the best epoch, counted from 1, is the one with the highest validation score in the file's own history
        int best = history.get(1).get("validation_score").asDouble() > history.get(0).get("validation_score").asDouble()
                ? 2 : 1;
        assertThat(state.get("best_epoch").asInt()).isEqualTo(best);
        assertThat(state.get("best_validation_score").asDouble())
                .isEqualTo(history.get(best - 1).get("validation_score").asDouble());
        assertThat(history.get(1).get("train_loss").asDouble()).isEqualTo(r.history().get(1).trainLoss());
    }

    @Test
    void aCheckpointStateInTheEarlierCamelCaseLayoutStillResumes(@TempDir Path dir) throws Exception {
        TrainingResult first = train(1, dir, false);
        ObjectMapper json = new ObjectMapper();
        ObjectNode now = (ObjectNode) json.readTree(dir.resolve("checkpoint.json").toFile());
        ObjectNode old = json.createObjectNode(); // as SmoothKD wrote it before: camelCase, epochs from 0
        old.put("completedEpochs", now.get("completed_epochs").asInt());
        old.put("checkpoint", now.get("checkpoint").asText());
        old.put("bestEpoch", now.get("best_epoch").asInt() - 1);
        old.put("bestScore", now.get("best_validation_score").asDouble());
        old.put("epochsWithoutImprovement", 0);
        old.put("stoppedEarly", false);
        ObjectNode e = old.putArray("history").addObject();
        JsonNode e0 = now.get("history").get(0);
        e.put("epoch", 0);
        e.put("trainLoss", e0.get("train_loss").asDouble());
        e.put("validationScore", e0.get("validation_score").asDouble());
        e.put("seconds", e0.get("seconds").asDouble());
        e.put("examplesPerSecond", e0.get("examples_per_second").asDouble());
        Files.writeString(dir.resolve("checkpoint.json"), json.writeValueAsString(old));
        TrainingResult resumed = train(2, dir, true);
        assertThat(resumed.resumedFrom()).isEqualTo(1);
        assertThat(resumed.history()).hasSize(2);
        assertThat(resumed.history().get(0)).isEqualTo(first.history().get(0));
        assertThat(resumed.history().get(1).epoch()).isEqualTo(1);
        assertThat(json.readTree(dir.resolve("checkpoint.json").toFile()).get("history").get(1).get("epoch").asInt())
                .isEqualTo(2);
    }
}
