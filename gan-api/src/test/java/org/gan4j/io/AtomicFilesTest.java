package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails part way (what a full disk does) leaves the previous file as it was, no temporary file, and an
 * error that names the file: the JDK's own messages ("No space left on device", ImageIO's "I/O error writing PNG
 * file!") do not.
 */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private static final byte[] GOOD = {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 42};

    private String[] names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aReplacementThatFailsHalfWayKeepsTheOldFileAndNamesIt() throws IOException {
        Path target = Files.write(dir.resolve("samples.idx"), GOOD);
        // the header of 10,000 images, then the disk is full
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[] {0, 0, 8, 3, 0, 0, 0x27, 0x10, 0, 0, 0, 28, 0, 0, 0, 28});
            out.write(new byte[4096]);
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage(target + ": No space left on device");
        assertThat(target).hasBinaryContent(GOOD);
        assertThat(names()).containsExactly("samples.idx");
    }

    @Test
    void imageIoFailuresGiveTheirCauseAndTheFile() throws IOException {
        Path target = dir.resolve("grid.png");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
        })).hasMessage(target + ": No space left on device");
        assertThat(names()).isEmpty();
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsNamed() throws IOException {
        // works as root too, where a read-only directory would not stop the write
        Path blocker = Files.writeString(dir.resolve("samples"), "not a directory");
        Path target = blocker.resolve("epoch-001.png");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(1)))
                .isInstanceOf(IOException.class)
                .hasMessage(target + ": " + blocker.toAbsolutePath() + " is not a directory");
        assertThat(blocker).hasContent("not a directory");
    }

    @Test
    void aDirectoryInTheWayIsNamedAndKept() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out.idx"));
        Files.writeString(target.resolve("keep"), "mine");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(GOOD)))
                .isInstanceOf(IOException.class).hasMessageStartingWith(target + ": ");
        assertThat(target.resolve("keep")).hasContent("mine");
        assertThat(names()).containsExactly("out.idx");
    }

    @Test
    void createStillReportsAnExistingFileAsSuch() throws IOException {
        Path target = Files.write(dir.resolve("g.zip"), GOOD);
        assertThatThrownBy(() -> AtomicFiles.create(target, out -> out.write(1)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasBinaryContent(GOOD);
    }

    @Test
    void createRefusesAFileThatAppearedWhileWritingWithoutNamingTheTemporaryFile() throws IOException {
        Path target = dir.resolve("g.zip");
        assertThatThrownBy(() -> AtomicFiles.create(target, out -> {
            Files.write(target, GOOD); // another writer got there first
            out.write(1);
        })).isInstanceOf(FileAlreadyExistsException.class).hasMessage(target + ": already exists");
        assertThat(target).hasBinaryContent(GOOD);
        assertThat(names()).containsExactly("g.zip");
    }
}
