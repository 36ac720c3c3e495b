package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

    /** The calling thread's nice value, field 19 of /proc/thread-self/stat (after the parenthesised name). */
    private static int niceOfCurrentThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]); // fields 1 and 2 (pid, name) precede the cut
    }

    @Test
    void aBackgroundThreadRunsAtTheLowestPriorityAndLeavesItsCreatorsAlone() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/proc/thread-self/stat")), "needs Linux's /proc/thread-self");
        int creator = niceOfCurrentThread();
        assumeTrue(creator < BackgroundPriority.NICE, "this test runs at nice " + creator + " already");
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = BackgroundPriority.newThread(() -> {
            try {
                seen.set(niceOfCurrentThread());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "test-background");
        assertThat(t.isDaemon()).isTrue();
        t.start();
        t.join();
        assertThat(seen.get()).as("the background thread's nice value").isEqualTo(BackgroundPriority.NICE);
        assertThat(niceOfCurrentThread()).as("its creator's, unchanged").isEqualTo(creator);
    }

    @Test
    void theEvaluationThreadIsABackgroundThread() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/proc/thread-self/stat")), "needs Linux's /proc/thread-self");
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = EvaluationSchedule.newEvaluationThread(() -> {
            try {
                seen.set(niceOfCurrentThread());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(t.getName()).isEqualTo("gan4j-evaluation");
        t.start();
        t.join();
        assertThat(seen.get()).isEqualTo(BackgroundPriority.NICE);
    }
}
