package io.smoothkd.experiments.cli;

import io.smoothkd.runs.Shard;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code run --only-seeds}: one whole seed of a study per run. */
class OnlySeedsTest {
    @Test
    void seedListsParseAsSingleSeedsListsAndRanges() {
        assertThat(Shard.parseSeeds("2", 5)).containsExactly(2);
        assertThat(Shard.parseSeeds("1,3", 5)).containsExactly(1, 3);
        assertThat(Shard.parseSeeds("2-4", 5)).containsExactly(2, 3, 4);
        assertThat(Shard.parseSeeds(" 5 , 1-2", 5)).containsExactly(1, 2, 5);
        for (String bad : List.of("0", "6", "3-2", "x", "1-2-3", "", "1,")) {
            assertThatThrownBy(() -> Shard.parseSeeds(bad, 5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 1 and 5");
        }
        Shard s = Shard.ALL.onlySeeds(Set.of(2));
        assertThat(s.owns(7, 2)).isTrue();
        assertThat(s.owns(7, 1)).isFalse();
        assertThat(new Shard(1, 2).onlySeeds(Set.of(2)).owns(2, 2)).isFalse();
        assertThat(Shard.ALL.owns(3, 4)).isTrue();
    }

    @Test
    void listingOneSeedShowsEveryCellOfThatSeedAndNoOther() {
        CliTest.Result all = CliTest.run("run", "paper", "--seeds", "3", "--list");
        CliTest.Result two = CliTest.run("run", "paper", "--seeds", "3", "--only-seeds", "2", "--list");
        assertThat(all.code()).isZero();
        assertThat(two.code()).isZero();
        List<String> allRows = Arrays.stream(all.out().split("\n")).filter(l -> l.startsWith(" ")).toList();
        List<String> expected = allRows.stream().filter(l -> l.endsWith("-s2")).toList();
        List<String> shown = Arrays.stream(two.out().split("\n")).filter(l -> l.startsWith(" ")).toList();
        assertThat(expected).isNotEmpty();
        assertThat(shown).isEqualTo(expected);
        assertThat(shown).anyMatch(l -> l.contains("teacher-mnist-a0-s2"))
                .anyMatch(l -> l.contains("student-mnist-from-a0-T4-b0.6-s2"));
        assertThat(two.out()).contains("paper: " + allRows.size() + " cells (" + expected.size() + " in seeds 2)");
    }

    @Test
    void aSeedOutsideTheStudyIsOneLineAndExitCode2() {
        CliTest.Result r = CliTest.run("run", "paper", "--seeds", "3", "--only-seeds", "4", "--list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--only-seeds '4': expected seeds between 1 and 3");
    }
}
