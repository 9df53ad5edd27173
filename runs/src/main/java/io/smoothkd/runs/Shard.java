package io.smoothkd.runs;

import java.util.Set;
import java.util.TreeSet;

/**
 * A slice {@code i/n} of a suite: the cells whose index ≡ i (mod n), optionally only those of some seeds
 * ({@code run --only-seeds}: a whole seed, its teachers and all their students, in one run).
 *
 * @param index i ∈ [0, n)
 * @param count n ≥ 1
 * @param seeds the seeds whose cells it holds; empty: every seed
 */
public record Shard(int index, int count, Set<Integer> seeds) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected i/n with 0 <= i < n");
        }
        seeds = Set.copyOf(seeds);
    }

    public Shard(int index, int count) {
        this(index, count, Set.of());
    }

    /** This shard, restricted to the cells of the given seeds. */
    public Shard onlySeeds(Set<Integer> only) {
        return new Shard(index, count, only);
    }

    /**
     * Parses a list of seeds, "2" or "1,3" or "2-4".
     *
     * @throws IllegalArgumentException unless every seed is a number in [1, max]
     */
    public static Set<Integer> parseSeeds(String text, int max) {
        Set<Integer> out = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String[] range = part.trim().split("-", -1);
            try {
                int from = Integer.parseInt(range[0].trim());
                int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
                if (range.length > 2 || from < 1 || to > max || from > to) {
                    throw new NumberFormatException();
                }
                for (int s = from; s <= to; s++) {
                    out.add(s);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': expected seeds between 1 and " + max
                        + " (the study's seeds), as 2, 1,3 or 2-4");
            }
        }
        return out;
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

    /** Whether the cell of this index and seed is this shard's. */
    public boolean owns(int cellIndex, int seed) {
        return owns(cellIndex) && (seeds.isEmpty() || seeds.contains(seed));
    }

    @Override
    public String toString() {
        return index + "/" + count + (seeds.isEmpty() ? "" : " seeds " + new TreeSet<>(seeds));
    }
}
