package io.smoothkd.translation.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BleuTest {
    @Test
    void sacreBleusPublishedFloorSmoothedCase() {
        // sacrebleu's test_bleu.py: raw corpus BLEU of "this is a fest" against "this is a test", floor 0.01 = 0.2236...
        Bleu.Statistics st = Bleu.statistics(List.of("this is a fest"), List.of(List.of("this is a test")), false);
        assertThat(Bleu.score(st, Bleu.Smoothing.FLOOR, 0.01) / 100).isCloseTo(0.223606797749979, within(1e-12));
    }

    @Test
    void identicalCorpusScores100() {
        assertThat(Bleu.corpus(List.of("ein rotes haus am see", "der hund"),
                List.of(List.of("ein rotes haus am see"), List.of("der hund")))).isCloseTo(100, within(1e-9));
    }

    @Test
    void handComputedExpSmoothing() {
        // p1 = 5/6, p2 = 3/5, p3 = 1/4, p4: no match of 3 -> 1/(2*3); BP = 1
        double expected = 100 * Math.pow(5.0 / 6 * 3.0 / 5 * 1.0 / 4 * 1.0 / 6, 0.25);
        assertThat(Bleu.corpus(List.of("the cat sat on the mat"), List.of(List.of("the cat is on the mat"))))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void brevityPenaltyOverTheCorpus() {
        // all n-grams match; c = 7 hypothesis tokens, r = 9 reference tokens
        double bleu = Bleu.corpus(List.of("a b c d e", "x y"), List.of(List.of("a b c d e"), List.of("x y z w")));
        assertThat(bleu).isCloseTo(100 * Math.exp(1 - 9.0 / 7), within(1e-9));
    }

    @Test
    void clipsByTheLargestReferenceCountAndUsesTheClosestReferenceLength() {
        // "the" clipped at 2 (second reference); "the the" once; 3- and 4-grams unmatched: 1/(2*2), 1/(4*1);
        // closest reference length to 4 is 3 -> BP = 1
        double expected = 100 * Math.pow(0.5 * (1.0 / 3) * (1.0 / 4) * (1.0 / 4), 0.25);
        assertThat(Bleu.corpus(List.of("the the the the"), List.of(List.of("the cat", "the the mat"))))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void aCorpusWithoutAnyFourGramScoresZeroAsInSacreBleu() {
        assertThat(Bleu.corpus(List.of("der hund"), List.of(List.of("der hund")))).isZero();
    }

    @Test
    void tokenizer13aSplitsPunctuationButNotApostrophesOrDecimals() {
        assertThat(Tokenizer13a.tokenize("Hello, world.")).isEqualTo("Hello , world .");
        assertThat(Tokenizer13a.tokenize("(x) 3.5 don't 5-3 a-b")).isEqualTo("( x ) 3.5 don't 5 - 3 a-b");
        assertThat(Tokenizer13a.tokenize("a &amp; b")).isEqualTo("a & b");
    }

    @Test
    void tokenisationChangesWhatMatches() {
        // with 13a, "haus." is "haus ." and matches the reference's "haus"
        double tokenized = Bleu.score(Bleu.statistics(List.of("ein rotes haus am see."),
                List.of(List.of("ein rotes haus am see .")), true), Bleu.Smoothing.EXP, 0.1);
        assertThat(tokenized).isCloseTo(100, within(1e-9));
    }
}
