package org.gan4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** gan4j's version, as the build wrote it. */
public final class Version {

    private static final String VERSION = read();

    private Version() {
    }

    /**
     * {@return the version of the gan-api artifact, e.g. {@code 0.1.0}; {@code "unknown"} if the build's
     * {@code version.properties} is missing}
     */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
