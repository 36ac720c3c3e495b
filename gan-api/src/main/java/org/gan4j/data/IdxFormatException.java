package org.gan4j.data;

import java.io.IOException;

/**
 * An IDX file that is not what it claims to be: wrong magic number, impossible dimensions, truncated or with
 * trailing bytes, or a damaged gzip stream. The message names the file, the field, and what was expected and found.
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file, the field, and what was expected and found
     */
    public IdxFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the file, the field, and what was expected and found
     * @param cause   the low-level failure, e.g. the gzip stream's {@link java.util.zip.ZipException}
     */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
