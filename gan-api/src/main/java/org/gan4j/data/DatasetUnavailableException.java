package org.gan4j.data;

import java.io.IOException;

/**
 * A named dataset that is neither cached nor installed, and may not or could not be downloaded. The message says
 * what is missing, where it was looked for, and how to get it (or what each mirror answered).
 */
public final class DatasetUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing, where it was looked for, and how to get it
     */
    public DatasetUnavailableException(String message) {
        super(message);
    }
}
