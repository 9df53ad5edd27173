package io.smoothkd.translation.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters a model reads and writes, shared by source and target: ids 0–3 are padding, begin-of-sequence,
 * end-of-sequence and unknown; then the characters of the training phrases in code-point order.
 */
public final class CharVocabulary {
    /** Padding id (never predicted: masked out of the loss). */
    public static final int PAD = 0;
    /** Begin-of-sequence: the decoder's first input. */
    public static final int BOS = 1;
    /** End-of-sequence: the decoder's last output. */
    public static final int EOS = 2;
    /** A character not seen in training. */
    public static final int UNK = 3;
    private static final int SPECIALS = 4;

    private final List<Character> chars;
    private final Map<Character, Integer> ids = new HashMap<>();

    /** The vocabulary of the given characters, in code-point order after the four special ids. */
    public CharVocabulary(Collection<Character> characters) {
        this.chars = List.copyOf(new TreeSet<>(characters));
        for (int i = 0; i < chars.size(); i++) {
            ids.put(chars.get(i), SPECIALS + i);
        }
    }

    /** The characters of every source and reference of the examples. */
    public static CharVocabulary of(List<Example> examples) {
        TreeSet<Character> set = new TreeSet<>();
        for (Example e : examples) {
            e.source().chars().forEach(c -> set.add((char) c));
            for (String r : e.references()) {
                r.chars().forEach(c -> set.add((char) c));
            }
        }
        return new CharVocabulary(set);
    }

    /** Number of ids, specials included. */
    public int size() {
        return SPECIALS + chars.size();
    }

    /** The characters (without specials), in id order. */
    public List<Character> characters() {
        return chars;
    }

    /** Ids of the characters of a phrase (unknown characters as {@link #UNK}), without BOS/EOS. */
    public int[] encode(String phrase) {
        int[] out = new int[phrase.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(phrase.charAt(i), UNK);
        }
        return out;
    }

    /** The phrase of a sequence of ids, stopping at the first EOS; padding, BOS and unknown ids are skipped. */
    public String decode(int[] idSequence) {
        StringBuilder sb = new StringBuilder();
        for (int id : idSequence) {
            if (id == EOS) {
                break;
            }
            if (id >= SPECIALS && id < size()) {
                sb.append(chars.get(id - SPECIALS));
            }
        }
        return sb.toString();
    }

    /** The characters as a string, for provenance. */
    public String alphabet() {
        StringBuilder sb = new StringBuilder();
        for (char c : chars) {
            sb.append(c);
        }
        return sb.toString();
    }

    /** A vocabulary from {@link #alphabet()}. */
    public static CharVocabulary ofAlphabet(String alphabet) {
        List<Character> list = new ArrayList<>();
        for (char c : alphabet.toCharArray()) {
            list.add(c);
        }
        return new CharVocabulary(list);
    }
}
