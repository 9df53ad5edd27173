package io.smoothkd.runs;

/** A resume asked for other settings than those a run folder or result cell was made with. */
public class FingerprintMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Fingerprint.Difference difference;

    public FingerprintMismatchException(String message, Fingerprint.Difference difference) {
        super(message);
        this.difference = difference;
    }

    /** The first differing setting. */
    public Fingerprint.Difference difference() {
        return difference;
    }
}
