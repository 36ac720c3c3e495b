package org.gan4j.io;

import java.io.IOException;

/**
 * A checkpoint that cannot be used: damaged (an entry's checksum differs), truncated, of another format version, or
 * of another configuration. The message names the file and the entry or field, and the other checkpoints there.
 */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file, the entry or field at fault, and the other checkpoints in its directory
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the file, the entry or field at fault, and the other checkpoints in its directory
     * @param cause   the low-level failure, e.g. the zip reader's exception for a truncated file
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
