package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoriesTest {

    @TempDir
    Path tmp;

    private final Clock noon = Clock.fixed(Instant.parse("2026-11-27T14:35:12Z"), ZoneOffset.UTC);

    @Test
    void directoriesOfTheSameSecondGetSuffixesAndAreNeverShared() throws IOException {
        Path parent = tmp.resolve("runs");
        Path first = RunDirectories.createUnder(parent, noon);
        Path second = RunDirectories.createUnder(parent, noon);
        Path third = RunDirectories.createUnder(parent, noon);
        assertThat(first).isEqualTo(parent.resolve("20261127-143512")).isEmptyDirectory();
        assertThat(second).isEqualTo(parent.resolve("20261127-143512-2")).isEmptyDirectory();
        assertThat(third).isEqualTo(parent.resolve("20261127-143512-3"));
    }

    @Test
    void aFileInTheWayOfTheNameIsSkippedAndAnEmptyParentRefused() throws IOException {
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve("20261127-143512"), "the user's file");
        assertThat(RunDirectories.createUnder(tmp, noon)).isEqualTo(tmp.resolve("20261127-143512-2"));
        assertThat(tmp.resolve("20261127-143512")).hasContent("the user's file");
        assertThatThrownBy(() -> RunDirectories.createUnder(Path.of(""), noon))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty path");
    }

    @Test
    void aParentThatIsAFileIsNamedAsNotADirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("runs"), "the user's file");
        assertThatThrownBy(() -> RunDirectories.createUnder(file, noon)).isInstanceOf(IOException.class)
                .hasMessage(file + ": not a directory (the parent of new run directories)");
        assertThat(file).hasContent("the user's file");
    }

    @Test
    void concurrentCreatorsInOneSecondNeverShareADirectory() throws Exception {
        Path parent = tmp.resolve("runs");
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Path>> made = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                made.add(pool.submit(() -> {
                    go.await();
                    return RunDirectories.createUnder(parent, noon);
                }));
            }
            go.countDown();
            java.util.Set<Path> dirs = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Path> f : made) {
                dirs.add(f.get());
            }
            assertThat(dirs).hasSize(n);
        } finally {
            pool.shutdownNow();
        }
    }
}
