package io.smoothkd.core.nets;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.memory.MemoryManager;

import java.time.Duration;

/**
 * Keeps ND4J's off-heap memory bounded in long trainings. ND4J frees an array's native buffer only after the JVM has
 * collected the array's small Java object; arrays made outside workspaces (augmented batches, targets, a loss's
 * temporaries, evaluation outputs) leave little garbage on the Java heap, so a large heap is collected rarely and
 * their buffers pile up: measured here, a study process grew to 22 GB of resident memory in 16 minutes (teacher and
 * student fits, -Xmx8g) until the kernel killed it, while its live arrays took well under 1 GB.
 *
 * <p>{@link #collectEvery} turns on ND4J's own remedy: DL4J's {@code fit} loops call
 * {@link MemoryManager#invokeGcOccasionally()} after every minibatch, which then runs {@code System.gc()} at most once
 * per window. Loops of one's own call {@link #collectOccasionally()} at the same places. A process-wide setting,
 * so applications (not the library's classes) choose it.
 */
public final class OffHeapMemory {
    /** The window our trainers use: a collection at most every 10 s (measured: 2 736 vs 2 751 examples/s without). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private OffHeapMemory() {
    }

    /** From now on, {@link #collectOccasionally()} (and DL4J's fit loops) collect at most once per {@code window}. */
    public static void collectEvery(Duration window) {
        if (window.isNegative() || window.isZero() || window.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window must be positive and under 24 days, got " + window);
        }
        MemoryManager memory = Nd4j.getMemoryManager();
        memory.setAutoGcWindow((int) window.toMillis());
        memory.setOccasionalGcFrequency(1);
    }

    /** A collection if the window has passed since the last one (nothing unless {@link #collectEvery} was called). */
    public static void collectOccasionally() {
        Nd4j.getMemoryManager().invokeGcOccasionally();
    }
}
