package io.smoothkd.core.nets;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The shape of a network from a few numbers.
 * <ul>
 *   <li>{@code 784-1200-1200-10}: an MLP, input size, hidden sizes, classes (ReLU hidden layers);</li>
 *   <li>{@code cnn:32-64-256}: a small CNN, two 5×5 convolution + 2×2 max-pool blocks with 32 and 64 filters, a
 *   256-unit dense layer and the class layer; the input and class counts come from the data set
 *   ({@code cnn} alone means {@code cnn:32-64-256}).</li>
 * </ul>
 *
 * @param kind   MLP or CNN
 * @param layers MLP: all layer sizes (input first, classes last); CNN: filters1, filters2, dense
 */
public record NetSpec(Kind kind, int[] layers) {
    private static final Pattern MLP = Pattern.compile("\\d+(-\\d+)+");
    private static final Pattern CNN = Pattern.compile("cnn(:\\d+-\\d+-\\d+)?");

    /** Which family of network. */
    public enum Kind { MLP, CNN }

    public NetSpec {
        layers = layers.clone();
        for (int l : layers) {
            if (l < 1) {
                throw new IllegalArgumentException("layer sizes must be >= 1, got " + Arrays.toString(layers));
            }
        }
        if (kind == Kind.MLP && layers.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        if (kind == Kind.CNN && layers.length != 3) {
            throw new IllegalArgumentException("a CNN needs filters1-filters2-dense, got " + Arrays.toString(layers));
        }
    }

    /**
     * Parses {@code 784-1200-1200-10} or {@code cnn[:32-64-256]}.
     *
     * @throws IllegalArgumentException naming the string and the expected forms
     */
    public static NetSpec parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (MLP.matcher(s).matches()) {
                return new NetSpec(Kind.MLP, Arrays.stream(s.split("-")).mapToInt(Integer::parseInt).toArray());
            }
            if (CNN.matcher(s).matches()) {
                int[] l = s.equals("cnn") ? new int[] {32, 64, 256}
                        : Arrays.stream(s.substring(4).split("-")).mapToInt(Integer::parseInt).toArray();
                return new NetSpec(Kind.CNN, l);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("malformed net '" + text + "': expected an MLP like 784-1200-1200-10"
                + " (input-hidden...-classes) or a CNN like cnn or cnn:32-64-256");
    }

    /** Number of classes for an MLP (its last size); -1 for a CNN, whose classes come from the data. */
    public int classes() {
        return kind == Kind.MLP ? layers[layers.length - 1] : -1;
    }

    /** Input size of an MLP; -1 for a CNN. */
    public int inputs() {
        return kind == Kind.MLP ? layers[0] : -1;
    }

    @Override
    public String toString() {
        String nums = String.join("-", Arrays.stream(layers).mapToObj(Integer::toString).toArray(String[]::new));
        return kind == Kind.MLP ? nums : "cnn:" + nums;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetSpec n && n.kind == kind && Arrays.equals(n.layers, layers);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(layers);
    }
}
