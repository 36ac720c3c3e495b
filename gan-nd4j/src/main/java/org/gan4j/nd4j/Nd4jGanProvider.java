package org.gan4j.nd4j;

import org.gan4j.nd4j.backend.BackendSelector;
import org.gan4j.spi.GanEngine;
import org.gan4j.spi.GanProvider;

/** Registers gan-nd4j with gan4j's {@link java.util.ServiceLoader}. ND4J is touched only in {@link #create()}. */
public final class Nd4jGanProvider implements GanProvider {

    /** The provider's name, for the {@code gan4j.provider} system property. */
    public static final String NAME = "nd4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        ClassLoader loader = Nd4jGanProvider.class.getClassLoader();
        return present("org.nd4j.linalg.factory.Nd4j", loader)
                && (present("org.nd4j.linalg.cpu.nativecpu.CpuBackend", loader)
                || present("org.nd4j.linalg.jcublas.JCublasBackend", loader));
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Decides whether ND4J may use CUDA (before ND4J initialises), then initialises it. */
    @Override
    public GanEngine create() {
        BackendSelector.Decision decision = BackendSelector.apply();
        Nd4jEngine engine = new Nd4jEngine();
        engine.checkBackend(decision);
        return engine;
    }
}
