/**
 * Training a student network from labels, from label-smoothed labels, or distilled from a teacher run
 * folder with {@link io.smoothkd.core.loss.DistillationLoss}. A student reads the teacher's artifact
 * (files), never teacher code; {@link io.smoothkd.student.StudentTrainer} trains it (resumable).
 */
package io.smoothkd.student;
