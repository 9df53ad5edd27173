package io.smoothkd.translation.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChrFTest {
    @Test
    void identicalIs100AndWhiteSpaceIsIgnored() {
        assertThat(ChrF.corpus(List.of("rotes haus"), List.of(List.of("rotes haus")))).isCloseTo(100, within(1e-9));
        assertThat(ChrF.corpus(List.of("a b"), List.of(List.of("ab")))).isCloseTo(100, within(1e-9));
    }

    @Test
    void handComputed() {
        // n=1: P = 2/2, R = 2/3; n=2: P = 1/1, R = 1/2; n >= 3: no hypothesis n-grams (not counted)
        // P = 1, R = 7/12, chrF2 = 5PR / (4P + R) = 35/55
        assertThat(ChrF.corpus(List.of("ab"), List.of(List.of("abc")))).isCloseTo(100 * 35.0 / 55, within(1e-9));
    }

    @Test
    void statisticsAreSummedOverTheCorpusBeforeTheScore() {
        // sentence 1 = ("ab", "abc") as above; sentence 2 = ("x", "y"): n=1 hyp 1, ref 1, match 0
        // corpus n=1: P = 2/3, R = 2/4; n=2: hyp 1, ref 2, match 1 -> P = 1, R = 1/2
        double p = (2.0 / 3 + 1) / 2;
        double r = (0.5 + 0.5) / 2;
        double expected = 100 * 5 * p * r / (4 * p + r);
        assertThat(ChrF.corpus(List.of("ab", "x"), List.of(List.of("abc"), List.of("y"))))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void theBestReferenceOfASentenceIsUsed() {
        assertThat(ChrF.corpus(List.of("haus"), List.of(List.of("hund", "haus")))).isCloseTo(100, within(1e-9));
    }

    @Test
    void nothingInCommonIsZero() {
        assertThat(ChrF.corpus(List.of("xyz"), List.of(List.of("abc")))).isZero();
    }

    @Test
    void exactMatchCountsAnyReference() {
        assertThat(ExactMatch.of(List.of("haus", "hund ", "katze"),
                List.of(List.of("haus"), List.of("maus", "hund"), List.of("kater")))).isCloseTo(2.0 / 3, within(1e-12));
    }
}
