package org.gan4j.io;

import java.io.IOException;
import java.nio.file.Path;

/** A run directory is locked by another process (or another part of this one): see {@link RunDirectoryLock}. */
public final class RunDirectoryLockedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    /** The holder as its lock file names it, empty if it has not written it yet. */
    private final String holder;

    /**
     * The refusal.
     *
     * @param directory the run directory
     * @param holder    the holder as its lock file names it ({@code pid=... host=... started=...}); empty if it has not
     *                  written it yet
     */
    public RunDirectoryLockedException(Path directory, String holder) {
        super(directory + ": in use by another gan4j process (" + (holder.isEmpty() ? "that has just started" : holder)
                + "); wait for it to end or choose another run directory");
        this.directory = directory;
        this.holder = holder;
    }

    /** {@return the locked run directory} */
    public Path directory() {
        return directory;
    }

    /** {@return the holder as its lock file names it, empty if it has not written it yet} */
    public String holder() {
        return holder;
    }
}
