/**
 * Distillation losses as ND4J {@link org.nd4j.linalg.lossfunctions.ILossFunction}s, usable in any DL4J output layer
 * and serialisable with the model: Hinton's KD as the paper uses it ({@link io.smoothkd.core.loss.DistillationLoss},
 * paper §4), decoupled KD, KD with logit standardization and DIST, each looked up by name in
 * {@link io.smoothkd.core.loss.DistillationLosses}.
 */
package io.smoothkd.core.loss;
