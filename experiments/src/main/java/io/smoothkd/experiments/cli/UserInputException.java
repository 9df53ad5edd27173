package io.smoothkd.experiments.cli;

/**
 * A mistake in what the user gave (a file, an option, a config value): printed as one line, exit code 2,
 * never a stack trace. The message names the file or option and what was expected.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What {@code read} returns; its {@link IllegalArgumentException} (a message that starts with the file or
     * value) becomes a user error prefixed with the option that gave it.
     */
    static <T> T ofOption(String option, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(option + " " + e.getMessage(), e);
        }
    }
}
