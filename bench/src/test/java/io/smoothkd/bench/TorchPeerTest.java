package io.smoothkd.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The bench's PyTorch peer starts, runs on a real BLAS (not Debian's reference BLAS, which would make it an unfair
 * peer) and times every workload it is asked for. Fails, and does not skip, when PyTorch is missing: the README's
 * test command ({@code ./smoothkd test}) installs {@code python3-torch} and {@code libopenblas0-pthread}.
 */
class TorchPeerTest {

    @Test
    void peerStartsOnAFastBlasAndTimesEveryWorkload() throws Exception {
        TorchPeer peer;
        try {
            peer = TorchPeer.start(1);
        } catch (TorchPeer.UnavailableException e) {
            peer = fail("the PyTorch peer cannot start (" + e.getMessage() + "); './smoothkd test' installs it");
        }
        try (TorchPeer p = peer) {
            Map<String, Object> info = p.info();
            assertThat(info).containsKeys("torch", "python", "threads", "blas", "interpreter", "reference_blas");
            assertThat(((Number) info.get("threads")).intValue()).isEqualTo(1);
            assertThat(info.get("reference_blas")).as("on the reference BLAS: %s", info.get("blas_libraries"))
                    .isEqualTo(Boolean.FALSE);
            for (String workload : Throughput.KEYS) {
                assertThat(p.seconds(workload, 1)).as(workload).isPositive().isFinite();
            }
        }
    }
}
