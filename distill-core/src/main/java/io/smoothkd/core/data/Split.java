package io.smoothkd.core.data;

/** The two parts every published image data set comes in. A validation set is carved from {@link #TRAIN}. */
public enum Split {
    /** The training examples (60 000 for MNIST and Fashion-MNIST). */
    TRAIN,
    /** The held-out test examples (10 000 for MNIST and Fashion-MNIST). */
    TEST
}
