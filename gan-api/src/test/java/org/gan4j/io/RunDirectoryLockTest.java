package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryLockTest {

    @TempDir
    Path tmp;

    private final long pid = ProcessHandle.current().pid();

    @Test
    void aSecondAcquireIsRefusedNamingTheHolderAndTheDirectoryUntilTheFirstCloses() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        try (RunDirectoryLock first = RunDirectoryLock.acquire(dir)) {
            assertThat(first.takenOver()).isEmpty();
            assertThatThrownBy(() -> RunDirectoryLock.acquire(dir))
                    .isInstanceOf(RunDirectoryLockedException.class)
                    .hasMessageStartingWith(dir + ": in use by another gan4j process (pid=" + pid + " host=")
                    .hasMessageContaining(" started=20")
                    .satisfies(e -> assertThat(((RunDirectoryLockedException) e).directory()).isEqualTo(dir));
            // The same directory by another spelling is the same lock.
            assertThatThrownBy(() -> RunDirectoryLock.acquire(dir.resolve("..").resolve("run")))
                    .isInstanceOf(RunDirectoryLockedException.class);
        }
        assertThat(dir.resolve(RunDirectoryLock.FILE)).as("emptied on release, not deleted").isEmptyFile();
        try (RunDirectoryLock again = RunDirectoryLock.acquire(dir)) {
            assertThat(again.takenOver()).as("released cleanly: nothing taken over").isEmpty();
        }
    }

    @Test
    void aStaleLockFileOfAProcessThatIsGoneIsTakenOver() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        // What a process killed while holding the lock leaves: its text, and no lock (the OS dropped it).
        Files.writeString(dir.resolve(RunDirectoryLock.FILE), "pid=999999999\nhost=elsewhere\nstarted=2026-01-01T00:00:00Z\n");
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            assertThat(lock.takenOver()).hasValue("pid=999999999 host=elsewhere started=2026-01-01T00:00:00Z");
            assertThat(lock.directory()).isEqualTo(dir);
        }
        assertThat(dir.resolve(RunDirectoryLock.FILE)).isEmptyFile();
    }

    @Test
    void aHugeOrGarbledLockFileIsReadOnlyInPartAndOnOneLine() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) '\n');
        junk[0] = 'x';
        Files.write(dir.resolve(RunDirectoryLock.FILE), junk);
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            assertThat(lock.takenOver()).hasValue("x");
        }
    }

    @Test
    void notADirectoryIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "the user's");
        assertThatThrownBy(() -> RunDirectoryLock.acquire(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": not a directory (cannot lock it as a run directory)");
        assertThat(file).hasContent("the user's");
    }

    @Test
    void aLockFileThatIsALinkOrADirectoryIsRefusedAndWhatItPointsToUntouched() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        Path precious = Files.writeString(tmp.resolve("precious.txt"), "the user's");
        Files.createSymbolicLink(dir.resolve(RunDirectoryLock.FILE), precious);
        assertThatThrownBy(() -> RunDirectoryLock.acquire(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir.resolve(RunDirectoryLock.FILE) + ": not a regular file (a run directory's lock file "
                        + "must be one)");
        assertThat(precious).hasContent("the user's");
        Path other = Files.createDirectories(tmp.resolve("other").resolve(RunDirectoryLock.FILE)).getParent();
        assertThatThrownBy(() -> RunDirectoryLock.acquire(other)).hasMessageContaining("not a regular file");
    }
}
