package io.smoothkd.translation.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phrase pairs from the text of one FreeDict English–German entry, and the cleaning applied to every phrase.
 * An entry reads
 * <pre>
 * red house /ɹɛd haʊs/ &lt;n&gt;
 * rotes Haus &lt;neut&gt;, Rothaus &lt;neut&gt; [arch.]
 *          Note: ...
 *       "a red house"  - ein rotes Haus, ein Rothaus
 *  see: {red houses}
 * </pre>
 * The first line holds the English headword (followed by its pronunciation between slashes and grammar in angle
 * brackets), the second the German translations separated by commas; quoted lines are usage examples with their
 * translations after {@code " - "}. From each entry come the pair (headword, <em>first</em> translation) and one pair
 * (example, first translation) per example; notes and cross-references are ignored.
 * <p>
 * Cleaning ({@link #clean(String)}): annotations in {@code <>}, {@code []}, {@code {}} and {@code ()} are removed,
 * white space is collapsed, the phrase is lower-cased (German nouns lose their capital: the model learns
 * translation, not orthography, with a smaller alphabet), and a phrase is dropped if anything but the letters
 * {@code a–z ä ö ü ß}, space, hyphen, apostrophe and full stop remains (so alternatives written {@code a/b},
 * digits, symbols and other scripts are dropped).
 */
public final class DictionaryEntries {
    private static final Pattern ANNOTATION = Pattern.compile("<[^<>]*>|\\[[^\\[\\]]*]|\\{[^{}]*}|\\([^()]*\\)");
    private static final Pattern ALLOWED = Pattern.compile("[a-zäöüß' .\\-]+");
    private static final Pattern EXAMPLE = Pattern.compile("^\\s*\"(.*)\"\\s+-\\s+(.*)$");

    private DictionaryEntries() {
    }

    /** The cleaned pairs of one entry (possibly none). */
    public static List<PhrasePair> pairs(String entryText) {
        List<PhrasePair> pairs = new ArrayList<>();
        String[] lines = entryText.split("\n");
        if (lines.length < 2) {
            return pairs;
        }
        String headword = lines[0];
        int slash = headword.indexOf(" /");
        if (slash >= 0) {
            headword = headword.substring(0, slash);
        }
        add(pairs, headword, firstAlternative(lines[1]));
        for (int i = 2; i < lines.length; i++) {
            Matcher m = EXAMPLE.matcher(lines[i]);
            if (m.matches()) {
                add(pairs, m.group(1), firstAlternative(m.group(2)));
            }
        }
        return pairs;
    }

    private static void add(List<PhrasePair> pairs, String english, String german) {
        Optional<String> en = clean(english);
        Optional<String> de = clean(german);
        if (en.isPresent() && de.isPresent()) {
            pairs.add(new PhrasePair(en.get(), de.get()));
        }
    }

    /** The text before the first comma that is not inside brackets. */
    static String firstAlternative(String translations) {
        int depth = 0;
        for (int i = 0; i < translations.length(); i++) {
            char c = translations.charAt(i);
            if (c == '<' || c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == '>' || c == ']' || c == '}' || c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                return translations.substring(0, i);
            }
        }
        return translations;
    }

    /**
     * A phrase without annotations, collapsed white space, lower-cased; empty when nothing is left or a character
     * outside {@code a–z ä ö ü ß ' . -} and space remains.
     */
    public static Optional<String> clean(String phrase) {
        String s = phrase;
        String previous;
        do {
            previous = s;
            s = ANNOTATION.matcher(s).replaceAll(" ");
        } while (!s.equals(previous));
        s = String.join(" ", s.strip().split("\\s+")).toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !ALLOWED.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(s);
    }
}
