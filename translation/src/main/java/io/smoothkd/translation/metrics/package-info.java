/**
 * Sequence quality (corpus BLEU as sacreBLEU computes it, chrF2, exact match) and token-level calibration of
 * teacher-forced next-token predictions (ECE, NLL) for translations.
 */
package io.smoothkd.translation.metrics;
