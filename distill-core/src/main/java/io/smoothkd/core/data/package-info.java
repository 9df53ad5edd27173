/**
 * Data in and out. NumPy {@code .npy} arrays ({@link io.smoothkd.core.data.Npy}) carry logits and samples to and
 * from numpy, PyTorch and DL4J. Image data sets are {@link io.smoothkd.core.data.LabeledImages}: read from IDX
 * ({@link io.smoothkd.core.data.IdxReader}) or CIFAR binary ({@link io.smoothkd.core.data.CifarBinaryReader})
 * files (the runs module fetches and checks them), split
 * by {@link io.smoothkd.core.data.ValidationSplit}, augmented by {@link io.smoothkd.core.data.Augmentation} and
 * fed to DL4J by {@link io.smoothkd.core.data.ImageDataSetIterator}.
 */
package io.smoothkd.core.data;
