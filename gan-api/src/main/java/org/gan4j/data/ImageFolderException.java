package org.gan4j.data;

import java.io.IOException;

/** An image folder that cannot be loaded: an unreadable file, or no images at all. The message names the path. */
public final class ImageFolderException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the path
     */
    public ImageFolderException(String message) {
        super(message);
    }
}
