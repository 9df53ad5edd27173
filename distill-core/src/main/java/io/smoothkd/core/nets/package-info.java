/**
 * Networks from a few numbers: an MLP from a string like {@code 784-1200-1200-10} (the paper's MNIST teacher),
 * a small CNN for Fashion-MNIST/CIFAR, with a softmax head for label (and label-smoothed) training or an
 * identity head carrying {@link io.smoothkd.core.loss.DistillationLoss} for distillation.
 */
package io.smoothkd.core.nets;
