package io.smoothkd.report;

import io.smoothkd.report.render.Block;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Heading anchors as GitHub makes them: punctuation dropped, spaces to '-', repeats numbered. */
class BlockAnchorTest {
    @Test
    void anchorsAreGithubsAndUnique() {
        Block.Heading a = new Block.Heading(3, "MNIST");
        Block.Heading b = new Block.Heading(3, "MNIST");
        Block.Heading c = new Block.Heading(2, "Paper claim → reproduced?");
        Block.Heading d = new Block.Heading(3, "MNIST");
        var anchors = Block.anchors(List.of(a, new Block.Paragraph("x"), b, c, d));
        assertThat(anchors.get(a)).isEqualTo("mnist");
        assertThat(anchors.get(b)).isEqualTo("mnist-1");
        assertThat(anchors.get(c)).isEqualTo("paper-claim--reproduced");
        assertThat(anchors.get(d)).isEqualTo("mnist-2");
        assertThat(Block.anchor("Translation: calibration and beam search (EN→DE dictionary phrases)"))
                .isEqualTo("translation-calibration-and-beam-search-ende-dictionary-phrases");
    }
}
