package io.smoothkd.translation.decoding;

/**
 * A model that predicts the next token one step at a time for a batch of rows (several rows may decode the same
 * source, e.g. the hypotheses of one beam). The decoder keeps its own recurrent state per row.
 */
public interface StepDecoder {
    /** The number of tokens (columns of the logits). */
    int vocabularySize();

    /** Rows of this decoding session. */
    int rows();

    /**
     * Feeds one token per row and returns the logits of the next token.
     *
     * @param previous the last token of each row (the begin-of-sequence token at the first step)
     * @return logits {@code [rows][vocabularySize]}
     */
    float[][] step(int[] previous);

    /** Reorders the state: afterwards row i continues what row {@code parents[i]} was. */
    void reorder(int[] parents);
}
