package io.smoothkd.experiments.engine;

/**
 * A slice {@code i/n} of a suite: the cells whose index ≡ i (mod n).
 *
 * @param index i ∈ [0, n)
 * @param count n ≥ 1
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected i/n with 0 <= i < n");
        }
    }

    /** Parses "i/n". */
    public static Shard parse(String text) {
        String[] p = text.trim().split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("shard '" + text + "': expected i/n with 0 <= i < n, e.g. 0/4");
    }

    public boolean owns(int cellIndex) {
        return cellIndex % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
