/**
 * A character-level encoder–decoder with dot-product attention (Luong et al. 2015) built from DL4J layers, trained
 * with hard or label-smoothed targets, and its decoder re-computed step by step from the trained parameters for
 * teacher-forced scoring and beam search.
 */
package io.smoothkd.translation.model;
