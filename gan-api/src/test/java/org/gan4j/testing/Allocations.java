package org.gan4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Measures what a piece of code costs in the calling thread: the bytes it allocates and the time it takes. Lets a test
 * show in the test JVM that a refusal came before the allocation a hostile file asked for.
 */
public final class Allocations {

    private Allocations() {
    }

    /**
     * The bytes this thread has allocated so far (HotSpot's per-thread counter).
     *
     * @return a running total; only differences mean anything
     */
    public static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Runs {@code action} and asserts that it took less than {@code maxMillis} and allocated less than
     * {@code maxBytes} in this thread.
     *
     * @param action    the code, usually an assertion that something is refused
     * @param maxMillis the time allowed
     * @param maxBytes  the allocation allowed
     */
    public static void assertCheap(Runnable action, long maxMillis, long maxBytes) {
        long bytes0 = allocatedBytes();
        long t0 = System.nanoTime();
        action.run();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long bytes = allocatedBytes() - bytes0;
        assertThat(millis).as("milliseconds").isLessThan(maxMillis);
        assertThat(bytes).as("bytes allocated").isLessThan(maxBytes);
    }
}
