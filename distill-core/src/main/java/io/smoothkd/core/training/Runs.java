package io.smoothkd.core.training;

import io.smoothkd.core.data.Augmentation;
import io.smoothkd.core.data.DatasetRepository;
import io.smoothkd.core.data.ImageDataSetIterator;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.representation.NetworkLogits;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.util.function.ToDoubleFunction;

/**
 * The steps a teacher and a student run share: loading and splitting the data of a {@link RunConfig}, the
 * epoch batches, the validation score, and the final logits of every training row and test example.
 */
public final class Runs {
    /** Batch size for inference over whole sets. */
    public static final int INFERENCE_BATCH = 1000;

    private Runs() {
    }

    public static ExperimentData load(DatasetRepository repository, RunConfig config) throws IOException {
        return ExperimentData.load(repository, config.dataset(), config.validationSize(), config.trainLimit(),
                config.testLimit(), config.seed());
    }

    /** The augmentation of a configuration: random translation by up to {@code jitter} pixels, or none. */
    public static Augmentation augmentation(RunConfig config) {
        return config.jitter() > 0 ? Augmentation.translation(config.jitter()) : Augmentation.none();
    }

    /** A shuffling, augmenting, label-smoothing iterator over the training examples. */
    public static ImageDataSetIterator trainIterator(ExperimentData data, RunConfig config) {
        return ImageDataSetIterator.over(data.train()).batchSize(config.batchSize()).shuffle(true).seed(config.seed())
                .augmentation(augmentation(config)).labelSmoothing(config.alpha()).build();
    }

    /** Epoch batches of an iterator that can be positioned at any epoch. */
    public static EpochBatches epochs(ImageDataSetIterator it, java.util.function.Function<ImageDataSetIterator,
            DataSetIterator> wrap) {
        return new EpochBatches() {
            @Override
            public DataSetIterator epoch(int epoch) {
                it.startEpoch(epoch);
                return wrap.apply(it);
            }

            @Override
            public long examplesPerEpoch() {
                return it.data().size();
            }
        };
    }

    /** Validation accuracy of a network. */
    public static ToDoubleFunction<MultiLayerNetwork> validationAccuracy(LabeledImages validation) {
        return net -> NetworkLogits.accuracy(NetworkLogits.of(net, validation.features(), INFERENCE_BATCH),
                validation.labels());
    }

    public static INDArray logits(MultiLayerNetwork net, LabeledImages data) {
        return NetworkLogits.of(net, data.features(), INFERENCE_BATCH);
    }
}
