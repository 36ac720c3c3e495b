package org.gan4j.spi;

/**
 * A gan4j implementation, found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.gan4j.spi.GanProvider}.
 *
 * <p>The constructor must be cheap and must not touch the numeric backend: {@link Providers} instantiates every
 * provider on the classpath to choose one, and only the chosen one is asked to {@link #create()} its engine.
 */
public interface GanProvider {

    /** A short unique name, used by the {@value Providers#PROVIDER_PROPERTY} system property, e.g. {@code nd4j}. */
    String name();

    /** Higher wins when several providers are available and none is requested by name. */
    int priority();

    /** Whether this provider can run here (its libraries are present). Must not throw. */
    boolean isAvailable();

    /** Creates the engine; this is where the numeric backend is initialised. */
    GanEngine create();
}
