/**
 * Distillation losses as ND4J {@link org.nd4j.linalg.lossfunctions.ILossFunction}s, usable in any DL4J
 * output layer and serialisable with the model (paper §4; Hinton et al. 2015).
 */
package io.smoothkd.core.loss;
