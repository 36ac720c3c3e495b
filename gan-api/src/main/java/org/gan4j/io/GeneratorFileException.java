package org.gan4j.io;

import java.io.IOException;

/** A generator file that is damaged, of another format or version, or inconsistent; the message says which. */
public final class GeneratorFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file and what is wrong with it
     */
    public GeneratorFileException(String message) {
        super(message);
    }
}
