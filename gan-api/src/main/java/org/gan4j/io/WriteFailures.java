package org.gan4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import javax.imageio.IIOException;

/**
 * Makes a failed write name its file. The JDK's messages often do not: a full disk is "No space left on device", an
 * ImageIO failure "I/O error writing PNG file!", a refused temporary file the temporary file's name. The command line
 * prints an I/O error's message as its one line, so that message has to say which of the run's files failed.
 */
public final class WriteFailures {

    private WriteFailures() {
    }

    /**
     * The failure of writing {@code file}, as an exception whose message is {@code "<file>: <reason>"}.
     *
     * @param file the file being written (the target, not a temporary file beside it)
     * @param e    what went wrong
     * @return {@code e} itself if its message already names {@code file} and a reason; an exception of its type
     *         with the reason added if it names only {@code file} (so a caller catching, say,
     *         {@link FileAlreadyExistsException} still does); otherwise a {@link FileSystemException} for
     *         {@code file}, with the reason taken from {@code e} (the underlying cause of an ImageIO failure) and
     *         {@code e} as its cause
     */
    public static IOException naming(Path file, IOException e) {
        return naming(file, e, null);
    }

    /** As {@link #naming(Path, IOException)}, not mentioning {@code hidden} (a temporary file) in the reason. */
    static IOException naming(Path file, IOException e, Path hidden) {
        String name = file.toString();
        if (e instanceof FileSystemException fse && name.equals(fse.getFile())) {
            // A link or move from the temporary file names it as the other file ("<file> -> <tmp>"): not worth it.
            boolean otherHidden = hidden != null && hidden.toString().equals(fse.getOtherFile());
            boolean complete = fse.getReason() != null || fse.getOtherFile() != null;
            return complete && !otherHidden ? fse : withReason(fse);
        }
        if (!(e instanceof FileSystemException) && e.getMessage() != null && e.getMessage().startsWith(name + ":")) {
            return e;
        }
        return named(file, reason(e, hidden), e);
    }

    /**
     * The JDK's path-only exceptions ({@code AccessDeniedException(file)} says just the path) with their meaning as
     * the reason (their own, if they have one), without another file, and of the same type, so a caller catching e.g.
     * {@link FileAlreadyExistsException} still does.
     */
    private static FileSystemException withReason(FileSystemException e) {
        String file = e.getFile();
        String why = e.getReason() != null ? e.getReason() : meaning(e);
        FileSystemException r;
        if (e instanceof AccessDeniedException) {
            r = new AccessDeniedException(file, null, why);
        } else if (e instanceof NoSuchFileException) {
            r = new NoSuchFileException(file, null, why);
        } else if (e instanceof FileAlreadyExistsException) {
            r = new FileAlreadyExistsException(file, null, why);
        } else if (e instanceof DirectoryNotEmptyException) {
            return e; // no constructor with a reason; its name says it
        } else if (e instanceof NotDirectoryException) {
            return e;
        } else {
            r = new FileSystemException(file, null, why);
        }
        r.initCause(e);
        return r;
    }

    /** A failure of {@code file} for {@code reason}: the message is {@code "<file>: <reason>"}. */
    static FileSystemException named(Path file, String reason, Throwable cause) {
        FileSystemException named = new FileSystemException(file.toString(), null, reason);
        named.initCause(cause);
        return named;
    }

    /**
     * The failure of writing {@code file}, for a caller that cannot throw {@link IOException} (a listener).
     *
     * @param file the file being written
     * @param e    what went wrong
     * @return an unchecked exception with the message {@code "cannot write <file>: <reason>"}, whose cause (what the
     *         command line prints) is {@link #naming naming(file, e)}
     */
    public static UncheckedIOException unchecked(Path file, IOException e) {
        IOException named = naming(file, e);
        return new UncheckedIOException("cannot write " + named.getMessage(), named);
    }

    /**
     * What went wrong, without the file: a path-only message of the JDK's file exceptions becomes what they mean,
     * another file's name is kept in parentheses, and ImageIO's wrapper gives way to the error it wraps.
     *
     * @param e      a failure
     * @param hidden a file not worth naming (a temporary file), or null
     * @return a short reason, never null
     */
    static String reason(IOException e, Path hidden) {
        if (e instanceof IIOException && e.getCause() instanceof IOException cause) {
            return reason(cause, hidden);
        }
        if (e instanceof FileSystemException fse) {
            String what = fse.getReason() != null ? fse.getReason() : meaning(fse);
            boolean named = fse.getFile() != null && (hidden == null || !hidden.toString().equals(fse.getFile()));
            return named ? what + " (" + fse.getFile() + ")" : what;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String meaning(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a directory that is not empty";
        }
        return e.getClass().getSimpleName();
    }
}
