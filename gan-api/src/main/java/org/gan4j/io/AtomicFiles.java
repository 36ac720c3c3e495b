package org.gan4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash at any moment leaves either the old file or the complete new one under its name,
 * never a half-written one: the content goes to a temporary file in the same directory, is synced to disk, and is
 * renamed over the target atomically (then the directory is synced, where the platform allows).
 */
public final class AtomicFiles {

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes everything to {@code out}.
         *
         * @param out the temporary file's stream; flushed, synced and closed by {@link AtomicFiles#write}, not here
         * @throws IOException if writing fails; the target is then left as it was
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with what {@code writer} writes.
     *
     * @param target the file to create or replace; its directory is created if missing
     * @param writer writes the complete new content
     * @throws IOException if the writer fails or the file cannot be written, synced or renamed; {@code target} is
     *                     then unchanged and the temporary file deleted; the message starts with {@code target}
     */
    public static void write(Path target, Writer writer) throws IOException {
        write(target, writer, true);
    }

    /**
     * Creates {@code target} with what {@code writer} writes, atomically, and never replaces an existing file: if
     * {@code target} exists, before or by the time the content is complete, nothing is changed.
     *
     * @param target the file to create; its directory is created if needed
     * @param writer writes the whole content
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists
     * @throws IOException if writing fails; nothing is left under {@code target}; the message starts with
     *                     {@code target}
     */
    public static void create(Path target, Writer writer) throws IOException {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null, "already exists");
        }
        write(target, writer, false);
    }

    private static void write(Path target, Writer writer, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw WriteFailures.named(target, e.getFile() + " is not a directory", e);
        } catch (IOException e) {
            throw WriteFailures.naming(target, e);
        }
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw WriteFailures.named(target, "cannot create a file in " + dir + ": "
                    + WriteFailures.reason(e, e instanceof java.nio.file.FileSystemException f
                    ? Path.of(f.getFile()) : null), e);
        }
        try {
            keepUsualPermissions(tmp, target);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            if (replace) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                publishWithoutReplacing(tmp, target);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            // "No space left on device" and ImageIO's "I/O error writing PNG file!" name no file: say which one.
            throw WriteFailures.naming(target, e, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A hard link fails atomically when the target exists (a rename would replace it); where links are not
     * supported, a plain move refuses an existing target too, only without the atomicity of the check.
     */
    private static void publishWithoutReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            Files.move(tmp, target);
        }
    }

    /**
     * Temporary files are created readable by the owner only; the result should have the permissions the file had,
     * or those of a newly created file ({@code rw-r--r--}) on POSIX file systems.
     */
    private static void keepUsualPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the rename itself is still atomic there.
        }
    }
}
