package io.smoothkd.core.nets;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryManager;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The occasional collection: at most once per window, and only once turned on. */
class OffHeapMemoryTest {
    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void collectsOncePerWindowAndNotInBetween() throws Exception {
        MemoryManager memory = Nd4j.getMemoryManager();
        int frequency = memory.getOccasionalGcFrequency();
        int window = memory.getAutoGcWindow();
        try {
            OffHeapMemory.collectEvery(Duration.ofMillis(300));
            assertThat(memory.getAutoGcWindow()).isEqualTo(300);
            Thread.sleep(350);
            long before = collections();
            OffHeapMemory.collectOccasionally(); // the window has passed: System.gc()
            long after = collections();
            assertThat(after).isGreaterThan(before);
            for (int i = 0; i < 1000; i++) {
                OffHeapMemory.collectOccasionally(); // inside the window: nothing
            }
            assertThat(memory.getLastGcTime()).isGreaterThan(System.currentTimeMillis() - 300);
            long lastGc = memory.getLastGcTime();
            OffHeapMemory.collectOccasionally();
            assertThat(memory.getLastGcTime()).isEqualTo(lastGc);
        } finally {
            memory.setOccasionalGcFrequency(frequency);
            memory.setAutoGcWindow(window);
        }
    }

    @Test
    void aWindowThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> OffHeapMemory.collectEvery(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> OffHeapMemory.collectEvery(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
