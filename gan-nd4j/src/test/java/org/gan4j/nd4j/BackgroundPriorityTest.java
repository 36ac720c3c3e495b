package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

    private static final Path STAT = Path.of("/proc/thread-self/stat");

    @BeforeEach
    void onLinux() {
        assumeTrue(Files.isRegularFile(STAT), "needs Linux's /proc/thread-self");
    }

    /** The calling thread's nice value, field 19 of /proc/thread-self/stat (after the parenthesised name). */
    private static int niceOfCurrentThread() {
        try {
            String stat = Files.readString(STAT);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]); // fields 1 and 2 (pid, name) precede the cut
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the thread {@code factory} makes, and returns the nice value it ran at. */
    private static int niceInside(Function<Runnable, Thread> factory) throws InterruptedException {
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = factory.apply(() -> seen.set(niceOfCurrentThread()));
        assertThat(t.isDaemon()).isTrue();
        t.start();
        t.join();
        return seen.get();
    }

    @Test
    void aBackgroundThreadRunsAtTheLowestPriorityAndLeavesItsCreatorsAlone() throws Exception {
        int creator = niceOfCurrentThread();
        assumeTrue(creator < BackgroundPriority.NICE, "this test runs at nice " + creator + " already");
        assertThat(niceInside(work -> BackgroundPriority.newThread(work, "test-background")))
                .as("the background thread's nice value").isEqualTo(BackgroundPriority.NICE);
        assertThat(niceOfCurrentThread()).as("its creator's, unchanged").isEqualTo(creator);
    }

    @Test
    void theEvaluationThreadIsABackgroundThread() throws Exception {
        assertThat(EvaluationSchedule.newEvaluationThread(() -> { }).getName()).isEqualTo("gan4j-evaluation");
        assertThat(niceInside(EvaluationSchedule::newEvaluationThread)).isEqualTo(BackgroundPriority.NICE);
    }
}
