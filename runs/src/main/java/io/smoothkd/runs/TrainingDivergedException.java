package io.smoothkd.runs;

/** The loss became NaN or infinite: training stopped, naming the epoch and step. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
