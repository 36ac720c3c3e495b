package org.gan4j;

import org.gan4j.spi.GanEngine;
import org.gan4j.spi.Providers;

/**
 * The entry point.
 *
 * <pre>{@code
 * Dataset mnist = Mnist.load(Path.of("data/mnist"));
 * GanResult result = Gan.builder().zDim(64).epochs(50).train(mnist);
 * INDArray images = result.generator().sample(16);   // [16, 784] in [-1, 1]
 * }</pre>
 *
 * <p>The implementation is found at run time with {@link java.util.ServiceLoader}: put
 * {@code org.gan4j:gan-nd4j} on the runtime classpath. See {@link Providers} for how one is chosen.
 */
public final class Gan {

    private Gan() {
    }

    /**
     * A configuration builder with the reference defaults (see {@link GanConfig}); end it with
     * {@code train(dataset)} or {@code build()}.
     *
     * @return a new builder, independent of every other one
     */
    public static GanConfig.Builder builder() {
        return GanConfig.builder();
    }

    /**
     * The engine of the selected provider (see {@link Providers#engine()} for how it is chosen). The provider is
     * loaded, and ND4J initialised, on the first call only.
     *
     * @return the engine; the same instance on every call while the provider property does not change
     * @throws org.gan4j.spi.ProviderNotFoundException if no provider is on the classpath or the requested one is not
     */
    public static GanEngine engine() {
        return Providers.engine();
    }

    /**
     * A trainer from the selected provider: {@code engine().trainer()}.
     *
     * @return a new trainer
     * @throws org.gan4j.spi.ProviderNotFoundException if no provider is on the classpath or the requested one is not
     */
    public static Trainer trainer() {
        return engine().trainer();
    }
}
