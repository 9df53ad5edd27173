/**
 * Calibration of a classifier's confidence (paper §3; Guo et al. 2017): expected and maximum calibration error over
 * equal-width confidence bins, adaptive (equal-mass) and classwise ECE and ACE (Nixon et al. 2019; Kull et al. 2019),
 * reliability diagrams, negative log-likelihood and Brier score; the post-hoc calibrators behind one
 * {@link io.smoothkd.core.calibration.Calibrator} interface (temperature, vector and matrix scaling, histogram binning,
 * isotonic regression), and all of it as a DL4J {@code IEvaluation}. All computed in double precision from logits
 * and true labels.
 */
package io.smoothkd.core.calibration;
