/**
 * The one training loop shared by teachers and students: epochs over a DL4J {@code DataSetIterator}, a progress
 * bar, per-epoch validation with early stopping, a NaN/Inf guard, an atomic checkpoint every epoch and a resume
 * that continues to the same result as an uninterrupted run with the same seed; and what a run leaves behind: its
 * validated configuration ({@link io.smoothkd.core.training.RunConfig}), its self-describing folder
 * ({@link io.smoothkd.core.training.RunFolder}), fingerprint and provenance.
 */
package io.smoothkd.core.training;
