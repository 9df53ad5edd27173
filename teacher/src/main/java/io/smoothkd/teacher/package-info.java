/**
 * Training a teacher network on hard or label-smoothed targets (smoothing α ∈ [0, 1)) and saving it as a
 * self-describing run folder ({@code model.zip}, {@code provenance.json}, cached logits, {@code metrics.json}).
 * The trainer arrives with the training issue; this module depends on {@code distill-core} only.
 */
package io.smoothkd.teacher;
