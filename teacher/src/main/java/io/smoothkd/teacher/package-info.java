/**
 * Training a teacher network on hard or label-smoothed targets (smoothing α ∈ [0, 1)) and saving it as a
 * self-describing run folder ({@code model.zip}, {@code provenance.json}, cached logits, {@code metrics.json}).
 * {@link io.smoothkd.teacher.TeacherTrainer} trains it (resumable); this module depends on {@code distill-core}
 * only.
 */
package io.smoothkd.teacher;
