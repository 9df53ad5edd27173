package io.smoothkd.runs;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/**
 * The trained network and its history.
 *
 * @param network      the final network (the best validation epoch's when {@code restoreBest})
 * @param history      one record per epoch run, resumed epochs included
 * @param bestEpoch    epoch with the best validation score
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param resumedFrom  the first epoch this process ran (0 when not resumed)
 */
public record TrainingResult(MultiLayerNetwork network, List<EpochRecord> history, int bestEpoch,
                             boolean stoppedEarly, int resumedFrom) {

    /** Total training seconds over all epochs (validation excluded). */
    public double trainingSeconds() {
        return history.stream().mapToDouble(EpochRecord::seconds).sum();
    }
}
