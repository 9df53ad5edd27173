/**
 * Step-wise decoding of a sequence model: greedy search and beam search with GNMT length normalisation, with the
 * logits optionally divided by a temperature before the softmax (temperature scaling applied to decoding).
 */
package io.smoothkd.translation.decoding;
