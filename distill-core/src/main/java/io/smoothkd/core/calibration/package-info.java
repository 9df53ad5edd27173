/**
 * Calibration of a classifier's confidence (paper §3; Guo et al. 2017): expected and maximum calibration
 * error over equal-width confidence bins, reliability diagrams, negative log-likelihood, Brier score and
 * temperature scaling. All computed in double precision from logits and true labels.
 */
package io.smoothkd.core.calibration;
