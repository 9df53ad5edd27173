package io.smoothkd.translation.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing, cleaning and splitting on invented entries in the dictionary's format (no dictionary text here). */
class DictionaryDataTest {
    private static final String ENTRY_1 = "red house /ɹɛd haʊs/ <n>\nrotes Haus <neut>, Rothaus <neut> [arch.]\n"
            + "         Note: invented\n      \"a red house\"  - ein rotes Haus, ein Rothaus\n"
            + "      \"red houses/huts\"  - rote Häuser\n see: {red houses}\n\n";
    private static final String ENTRY_2 = "small dog /smɔːl dɒɡ/\n [coll.] kleiner Hund <masc> (Tier)\n";

    @Test
    void decodesDictdBase64Numbers() {
        assertThat(DictdDatabase.decodeNumber("A")).isZero();
        assertThat(DictdDatabase.decodeNumber("BA")).isEqualTo(64);
        assertThat(DictdDatabase.decodeNumber("/")).isEqualTo(63);
        // B=1, A=0, K=10, 3=55, S=18
        assertThat(DictdDatabase.decodeNumber("BAK3S")).isEqualTo(64L * 64 * 64 * 64 + 10 * 64 * 64 + 55 * 64 + 18);
        assertThatThrownBy(() -> DictdDatabase.decodeNumber("A-B")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAnIndexAndAGzippedDataFile(@TempDir Path dir) throws IOException {
        byte[] one = ENTRY_1.getBytes(StandardCharsets.UTF_8);
        byte[] two = ENTRY_2.getBytes(StandardCharsets.UTF_8);
        Path dict = dir.resolve("x.dict.dz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dict))) {
            out.write(one);
            out.write(two);
        }
        String index = "00-database-info\tA\tB\n" + "red house\tA\t" + base64(one.length) + "\n"
                + "house red\tA\t" + base64(one.length) + "\n"
                + "small dog\t" + base64(one.length) + "\t" + base64(two.length) + "\n";
        Path idx = dir.resolve("x.index");
        Files.writeString(idx, index);
        DictdDatabase db = DictdDatabase.read(idx, dict);
        assertThat(db.index()).hasSize(4);
        assertThat(db.entries()).containsExactly(ENTRY_1, ENTRY_2);

        Files.writeString(idx, "broken line without tabs\n");
        assertThatThrownBy(() -> DictdDatabase.read(idx, dict)).isInstanceOf(IOException.class)
                .hasMessageContaining("x.index").hasMessageContaining("line 1");
    }

    private static String base64(long value) {
        String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder();
        do {
            sb.insert(0, digits.charAt((int) (value % 64)));
            value /= 64;
        } while (value > 0);
        return sb.toString();
    }

    @Test
    void entriesGiveTheHeadwordAndExamplePairsWithTheFirstTranslation() {
        assertThat(DictionaryEntries.pairs(ENTRY_1)).containsExactly(
                new PhrasePair("red house", "rotes haus"),
                new PhrasePair("a red house", "ein rotes haus"));   // "red houses/huts" has a slash: dropped
        assertThat(DictionaryEntries.pairs(ENTRY_2)).containsExactly(new PhrasePair("small dog", "kleiner hund"));
        assertThat(DictionaryEntries.pairs("only one line")).isEmpty();
    }

    @Test
    void cleaningRemovesAnnotationsAndRejectsOtherCharacters() {
        assertThat(DictionaryEntries.clean(" Große  Straße <fem> [geogr.] {x} (y) ")).hasValue("große straße");
        assertThat(DictionaryEntries.clean("etw. tun (ugs.)")).hasValue("etw. tun");
        assertThat(DictionaryEntries.clean("a/b")).isEmpty();
        assertThat(DictionaryEntries.clean("route 66")).isEmpty();
        assertThat(DictionaryEntries.clean("<only annotation>")).isEmpty();
        assertThat(DictionaryEntries.firstAlternative("Haus <a, b>, Heim")).isEqualTo("Haus <a, b>");
    }

    private static List<PhrasePair> syntheticPairs() {
        List<PhrasePair> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String en = "phrase " + (char) ('a' + i % 26) + (char) ('a' + i / 26);
            pairs.add(new PhrasePair(en, "satz " + (char) ('a' + i % 26) + (char) ('a' + i / 26)));
            if (i % 3 == 0) {
                pairs.add(new PhrasePair(en, "anderer satz"));
            }
        }
        pairs.add(new PhrasePair("word", "wort"));                                   // one target word: dropped
        pairs.add(new PhrasePair("a very long english phrase indeed", "lang satz")); // too long: dropped
        return pairs;
    }

    @Test
    void splitIsByEnglishPhraseSeededAndDisjoint() {
        CorpusOptions options = new CorpusOptions(20, 2, 3, 30, 40, 0, 5);
        TranslationCorpus a = TranslationCorpus.of(syntheticPairs(), options);
        assertThat(a.test()).hasSize(40);
        assertThat(a.validation()).hasSize(30);
        assertThat(a.train()).hasSize(130);
        Set<String> seen = new HashSet<>();
        for (List<Example> part : List.of(a.train(), a.validation(), a.test())) {
            for (Example e : part) {
                assertThat(seen.add(e.source())).as("source %s in two splits", e.source()).isTrue();
                assertThat(e.source()).isNotIn("word", "a very long english phrase indeed");
            }
        }
        assertThat(TranslationCorpus.pairs(a.train()).size() + TranslationCorpus.pairs(a.validation()).size()
                + TranslationCorpus.pairs(a.test()).size()).isEqualTo(200 + 67);
        assertThat(TranslationCorpus.of(syntheticPairs(), options)).isEqualTo(a);
        assertThat(TranslationCorpus.of(syntheticPairs(), new CorpusOptions(20, 2, 3, 30, 40, 0, 6)).test())
                .isNotEqualTo(a.test());
        assertThat(TranslationCorpus.of(syntheticPairs(), new CorpusOptions(20, 2, 1, 30, 40, 50, 5)).train())
                .hasSize(50).allSatisfy(e -> assertThat(e.references()).hasSize(1));
        assertThatThrownBy(() -> TranslationCorpus.of(syntheticPairs(), new CorpusOptions(20, 2, 3, 100, 100, 0, 5)))
                .hasMessageContaining("need at least 201");
    }

    @Test
    void vocabularyRoundTrips() {
        CharVocabulary v = CharVocabulary.of(List.of(new Example("ab c", List.of("äb"))));
        assertThat(v.size()).isEqualTo(4 + 5);
        int[] ids = v.encode("cab ä");
        assertThat(v.decode(ids)).isEqualTo("cab ä");
        assertThat(v.encode("z")).containsExactly(CharVocabulary.UNK);
        assertThat(v.decode(new int[]{ids[0], CharVocabulary.EOS, ids[1]})).isEqualTo("c");
        assertThat(CharVocabulary.ofAlphabet(v.alphabet()).alphabet()).isEqualTo(v.alphabet());
    }

    @Test
    void aMissingDictionaryNamesTheAptCommand(@TempDir Path dir) {
        assertThatThrownBy(() -> new FreeDictRepository(dir).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("apt-get install dict-freedict-eng-deu");
    }

    @Test
    void aChangedFileFailsItsChecksum(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(FreeDictRepository.INDEX), "x\tA\tB\n");
        Files.writeString(dir.resolve(FreeDictRepository.DICT), "not the dictionary");
        assertThatThrownBy(() -> new FreeDictRepository(dir).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("SHA-256").hasMessageContaining(FreeDictRepository.INDEX);
    }

    @Test
    void theRealDictionaryGivesTensOfThousandsOfPhrasePairs() throws IOException {
        // fetched (installed when root) and checked like the image data; never skipped for lack of data
        TranslationCorpus corpus = TranslationCorpus.load(new FreeDictRepository(),
                new CorpusOptions(24, 2, 3, 500, 500, 0, 1));
        assertThat(corpus.train().size()).isGreaterThan(20_000);
        for (Example e : corpus.test()) {
            assertThat(e.source().length()).isLessThanOrEqualTo(24);
            assertThat(e.references()).allSatisfy(r -> assertThat(r.split(" ").length).isGreaterThanOrEqualTo(2));
        }
    }
}
