package org.gan4j.spi;

/**
 * No usable gan4j provider: none on the classpath, or not the one requested by name. The message says what to add
 * or which names exist.
 */
public final class ProviderNotFoundException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its explanation.
     *
     * @param message which artifact to add, or which provider names exist
     */
    public ProviderNotFoundException(String message) {
        super(message);
    }
}
