/**
 * Data in and out: NumPy {@code .npy} arrays (so logits and samples travel to and from numpy, PyTorch and
 * DL4J), and — with the training issue — the IDX and CIFAR-binary readers, fetchers with checksums and the
 * augmentations.
 */
package io.smoothkd.core.data;
