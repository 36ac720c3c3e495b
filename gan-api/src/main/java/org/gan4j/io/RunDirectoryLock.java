package org.gan4j.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An exclusive lock on a run directory, so that two processes never train into, resume or prune the same run at
 * once. It is an operating-system file lock ({@link FileChannel#tryLock}) on {@value #FILE} inside the directory,
 * which names its holder as text ({@code pid}, {@code host}, {@code started}) for the refusal message.
 *
 * <p>The operating system releases the lock when the holding process ends, however it ends: a lock file left by a
 * killed process is simply locked again (its text then names a holder that is gone, and {@link #takenOver()} says
 * so). The file itself is never deleted, only emptied on {@link #close()}: deleting it would let a process that
 * opened the old file and one that creates a new one both believe they hold the lock.
 *
 * <pre>{@code
 * try (RunDirectoryLock lock = RunDirectoryLock.acquire(runDir)) {   // RunDirectoryLockedException if in use
 *     Gan.trainer().resume(config, mnist, Checkpoints.newest(runDir.resolve("checkpoints")));
 * }
 * }</pre>
 */
public final class RunDirectoryLock implements AutoCloseable {

    /** The lock file's name, inside the run directory. */
    public static final String FILE = ".gan4j.lock";

    /*
     * The locked region lies beyond any content (locks may cover bytes past the end of a file), so that on systems
     * whose locks are mandatory (Windows) another process can still read who holds it.
     */
    private static final long REGION = Long.MAX_VALUE - 1;

    /*
     * The locks this JVM holds, by real path. A second acquire in the same JVM must be refused from here, without
     * opening the file: on POSIX systems closing any descriptor of a file drops every lock the process holds on it.
     */
    private static final java.util.Map<Path, RunDirectoryLock> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path key;

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;
    private final String description;

    private RunDirectoryLock(Path key, Path dir, FileChannel channel, FileLock lock, String previousHolder,
            String description) {
        this.key = key;
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
        this.description = description;
    }

    /**
     * Locks a run directory for this process.
     *
     * @param dir an existing directory
     * @return the held lock; close it to release (the operating system also releases it when the process ends)
     * @throws RunDirectoryLockedException if another process, or another part of this one, holds it: the message
     *     names the directory and the holder (process id, host, start time)
     * @throws IOException if {@code dir} is not a directory or the lock file cannot be written
     */
    public static RunDirectoryLock acquire(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory (cannot lock it as a run directory)");
        }
        Path key = dir.toRealPath();
        synchronized (HELD) {
            RunDirectoryLock mine = HELD.get(key);
            if (mine != null) {
                throw new RunDirectoryLockedException(dir, mine.description);
            }
            RunDirectoryLock lock = lock(key, dir);
            HELD.put(key, lock);
            return lock;
        }
    }

    private static RunDirectoryLock lock(Path key, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        // Never TRUNCATE_EXISTING: the text belongs to the holder until we hold the lock. Never through a link: the
        // holder's text would be written into whatever file it points to.
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": not a regular file (a run directory's lock file must be one)");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock(REGION, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM, through another channel
            }
            if (lock == null) {
                throw new RunDirectoryLockedException(dir, holder(channel));
            }
            String previous = holder(channel);
            String text = describe(ProcessHandle.current());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new RunDirectoryLock(key, dir, channel, lock, previous, oneLine(text));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@return the locked directory} */
    public Path directory() {
        return dir;
    }

    /**
     * The holder of a lock that its process never released, because it was killed or crashed.
     *
     * @return its description ({@code pid=... host=... started=...}), or empty if the lock file was new or released
     */
    public java.util.Optional<String> takenOver() {
        return previousHolder.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(previousHolder);
    }

    /** Empties the lock file and releases the lock; the file stays. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (!channel.isOpen()) {
                return;
            }
            HELD.remove(key, this);
            release();
        }
    }

    private void release() throws IOException {
        try {
            channel.truncate(0);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** The holder as written in the lock file, on one line; empty if it wrote nothing (yet). */
    private static String holder(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return "";
        }
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 1024)); // ours are ~80 bytes: never read a huge one
        channel.read(b, 0);
        return oneLine(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
    }

    private static String oneLine(String text) {
        return String.join(" ", text.strip().split("\\s*\\R\\s*"));
    }

    private static String describe(ProcessHandle p) {
        Instant started = p.info().startInstant().orElse(Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        return "pid=" + p.pid() + "\nhost=" + host() + "\nstarted=" + started + "\n";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
