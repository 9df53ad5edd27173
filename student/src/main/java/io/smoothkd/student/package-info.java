/**
 * Training a student network from labels, from label-smoothed labels, or distilled from a teacher run
 * folder with {@link io.smoothkd.core.loss.DistillationLoss}. A student reads the teacher's artifact
 * (files), never teacher code. The trainer arrives with the training issue.
 */
package io.smoothkd.student;
