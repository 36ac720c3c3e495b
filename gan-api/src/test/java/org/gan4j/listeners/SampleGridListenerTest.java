package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridListenerTest {

    @TempDir
    Path dir;

    @Test
    void epochGridsAreListedByEpochNumberPastNineHundredNinetyNine() throws IOException {
        for (int epoch : new int[] {1000, 2, 999, 10, 1}) {
            Files.createFile(dir.resolve(SampleGridListener.epochFile(epoch)));
        }
        Files.createFile(dir.resolve("real.png"));
        Files.createFile(dir.resolve("epoch-x.png"));
        assertThat(SampleGridListener.epochFiles(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-001.png", "epoch-002.png", "epoch-010.png", "epoch-999.png", "epoch-1000.png");
        assertThat(SampleGridListener.epochFiles(dir.resolve("none"))).isEmpty();
    }

    @Test
    void longRunsAnimateEvenlySpacedEpochsFromFirstToLast() {
        List<Integer> epochs = IntStream.rangeClosed(1, 300).boxed().toList();
        List<Integer> frames = SampleGridListener.evenlySpaced(epochs, 100);
        assertThat(frames).hasSize(100).startsWith(1, 4, 7).endsWith(300).isSorted().doesNotHaveDuplicates();
        assertThat(SampleGridListener.evenlySpaced(List.of(1, 2, 3), 100)).containsExactly(1, 2, 3);
    }
}
