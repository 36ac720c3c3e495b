package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundTest {

    @Test
    void everySubmittedJobRunsInOrder() {
        List<Integer> done = new CopyOnWriteArrayList<>();
        try (Background b = new Background("test")) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                b.submit(() -> done.add(n)); // more than the queue holds: the caller waits instead of dropping
            }
            b.finish();
        }
        assertThat(done).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void aNewerPictureReplacesOneThatHasNotStarted() throws InterruptedException {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Background b = new Background("test")) {
            b.submitLatest(() -> {
                started.countDown();
                release.await(5, TimeUnit.SECONDS);
                done.add("running");
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            b.submitLatest(() -> done.add("superseded"));
            b.submitLatest(() -> done.add("newest"));
            release.countDown();
            b.finish();
        }
        assertThat(done).containsExactly("running", "newest");
    }

    @Test
    void aFailureReachesTheTrainingThreadAtTheNextSubmitAndAtFinish() throws InterruptedException {
        try (Background b = new Background("test")) {
            b.submit(() -> {
                throw new UncheckedIOException(new java.io.IOException("disk full"));
            });
            Thread.sleep(100);
            assertThatThrownBy(() -> b.submit(() -> { })).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("disk full");
            assertThatThrownBy(b::finish).hasMessageContaining("disk full");
        }
    }

    @Test
    void aCheckedFailureIsWrappedWithItsMessage() {
        try (Background b = new Background("test")) {
            b.submit(() -> {
                throw new java.io.IOException("no space left on device");
            });
            assertThatThrownBy(b::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessage("no space left on device");
        }
    }
}
