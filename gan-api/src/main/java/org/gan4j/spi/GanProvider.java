package org.gan4j.spi;

/**
 * A gan4j implementation, found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.gan4j.spi.GanProvider}.
 *
 * <p>The constructor must be cheap and must not touch the numeric backend: {@link Providers} instantiates every
 * provider on the classpath to choose one, and only the chosen one is asked to {@link #create()} its engine.
 */
public interface GanProvider {

    /**
     * {@return a short unique name, used by the {@value Providers#PROVIDER_PROPERTY} system property, e.g.
     * {@code nd4j}}
     */
    String name();

    /**
     * {@return this provider's rank: higher wins when several providers are available and none is requested by name
     * (equal ranks: the smaller name wins)}
     */
    int priority();

    /** {@return whether this provider can run here, i.e. its libraries are present} Must not throw. */
    boolean isAvailable();

    /**
     * Creates the engine; this is where the numeric backend is initialised. {@link Providers} calls it once per JVM.
     *
     * @return the engine that builds networks and trainers
     */
    GanEngine create();
}
