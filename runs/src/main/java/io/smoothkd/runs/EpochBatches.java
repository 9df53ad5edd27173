package io.smoothkd.runs;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The training data of one epoch. Implementations shuffle and augment deterministically from (seed, epoch), so
 * that a resumed run sees exactly the batches an uninterrupted one would.
 */
public interface EpochBatches {
    /** The batches of epoch {@code epoch} (0-based), positioned at the start. */
    DataSetIterator epoch(int epoch);

    /** Examples per epoch (for progress and throughput). */
    long examplesPerEpoch();
}
