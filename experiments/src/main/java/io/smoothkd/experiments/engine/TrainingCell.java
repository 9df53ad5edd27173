package io.smoothkd.experiments.engine;

import io.smoothkd.runs.RunConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** A cell that trains one network from a {@link RunConfig}: a teacher, a student from labels, a distilled student. */
public sealed interface TrainingCell extends Cell permits TeacherCell, StudentCell, DistilledCell {
    /** The training's configuration. */
    RunConfig config();

    @Override
    default String dataset() {
        return config().dataset();
    }

    @Override
    default int seed() {
        return (int) config().seed();
    }

    /** The recipe's parameters every training cell writes. */
    static Map<String, Object> recipe(RunConfig config) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("net", config.net().toString());
        p.put("alpha", config.alpha());
        p.put("epochs", config.epochs());
        p.put("jitter", config.jitter());
        p.put("lr_schedule", config.schedule().key());
        p.put("warmup_epochs", config.warmupEpochs());
        p.put("max_norm", config.maxNorm());
        p.put("weight_decay", config.weightDecay());
        if (config.elasticAlpha() > 0) {  // only when on: the cells written before it keep their bytes
            p.put("elastic", java.util.List.of(config.elasticAlpha(), config.elasticSigma()));
        }
        return p;
    }
}
