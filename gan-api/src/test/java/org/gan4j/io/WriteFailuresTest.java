package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;

/** Every message is "<file>: <reason>": neither a bare reason nor a bare path. */
class WriteFailuresTest {

    private final Path file = Path.of("run", "samples", "epoch-007.png");

    @Test
    void aBareReasonGetsTheFile() {
        assertThat(WriteFailures.naming(file, new IOException("No space left on device")))
                .isInstanceOf(FileSystemException.class).hasMessage(file + ": No space left on device");
        assertThat(WriteFailures.naming(file, new IIOException("I/O error writing PNG file!",
                new IOException("No space left on device")))).hasMessage(file + ": No space left on device");
    }

    @Test
    void aBarePathGetsItsMeaningAndKeepsItsType() {
        assertThat(WriteFailures.naming(file, new AccessDeniedException(file.toString())))
                .isInstanceOf(AccessDeniedException.class).hasMessage(file + ": permission denied");
        assertThat(WriteFailures.naming(file, new FileAlreadyExistsException(file.toString())))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessage(file + ": already exists");
    }

    @Test
    void anotherFilesFailureNamesBoth() {
        Path dir = file.getParent();
        assertThat(WriteFailures.naming(file, new AccessDeniedException(dir.toString())))
                .hasMessage(file + ": permission denied (" + dir + ")");
    }

    @Test
    void aMessageThatNamesTheFileStaysAsItIs() {
        IOException e = new IOException(file + ": not an image ImageIO can read");
        assertThat(WriteFailures.naming(file, e)).isSameAs(e);
        FileSystemException fse = new FileSystemException(file.toString(), null, "Read-only file system");
        assertThat(WriteFailures.naming(file, fse)).isSameAs(fse);
    }

    @Test
    void theUncheckedFormSaysWhatFailedAndItsCauseIsTheNamedOne() {
        UncheckedIOException u = WriteFailures.unchecked(file, new IOException("No space left on device"));
        assertThat(u).hasMessage("cannot write " + file + ": No space left on device");
        assertThat(u.getCause()).hasMessage(file + ": No space left on device");
    }
}
