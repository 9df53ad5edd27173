/**
 * The translation study of "When Does Label Smoothing Help?" (Müller, Kornblith &amp; Hinton, NeurIPS 2019, §4,
 * "Does label smoothing help calibration?" for WMT EN→DE) at a scale a small CPU can train: English→German
 * dictionary phrases, a character-level attentional encoder–decoder trained with hard and label-smoothed targets,
 * temperature scaling fitted on validation, greedy and beam-search decoding, token-level calibration and BLEU/chrF.
 */
package io.smoothkd.translation;
