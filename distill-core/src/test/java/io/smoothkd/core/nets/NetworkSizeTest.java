package io.smoothkd.core.nets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A network too large for the memory ND4J may use is refused before anything is allocated (not a bad_alloc). */
class NetworkSizeTest {
    @Test
    void aNetTooLargeForMemoryIsOneClearError() {
        assertThatThrownBy(() -> Networks.build(NetSpec.parse("784-2000000000-10"), 1, 28, 28, 10,
                NetworkOptions.defaults(1), Networks.labelHead())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784-2000000000-10").hasMessageContaining("1590000000010 parameters")
                .hasMessageContaining("expected a smaller net");
    }

    @Test
    void aPaperSizedNetIsBuilt() {
        // 784-1200-1200-10: (784+1)·1200 + (1200+1)·1200 + (1200+1)·10 parameters, counted independently
        long expected = 785L * 1200 + 1201L * 1200 + 1201L * 10;
        assertThat(Networks.build(NetSpec.parse("784-1200-1200-10"), 1, 28, 28, 10, NetworkOptions.defaults(1),
                Networks.labelHead()).numParams()).isEqualTo(expected);
    }
}
