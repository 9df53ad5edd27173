/**
 * Training a teacher network on hard or label-smoothed targets (smoothing α ∈ [0, 1)) and saving it as a
 * self-describing run folder ({@code model.zip}, {@code provenance.json}, cached logits, {@code metrics.json}).
 * {@link io.smoothkd.teacher.TeacherTrainer} trains it (resumable); {@link io.smoothkd.teacher.TeacherAnalysis}
 * measures a finished one (calibration methods, margins, projections, the mutual information). Depends on
 * {@code distill-core} and {@code runs}.
 */
package io.smoothkd.teacher;
