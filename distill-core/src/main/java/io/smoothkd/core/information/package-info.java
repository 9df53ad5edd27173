/**
 * Information in the logits (paper §5): the mutual information between an input example and the difference
 * of two of its logits under data augmentation, the measure of what label smoothing erases.
 */
package io.smoothkd.core.information;
