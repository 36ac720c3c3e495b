package org.gan4j.spi;

import org.gan4j.Discriminator;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.Trainer;
import org.nd4j.linalg.api.buffer.DataType;

/** What a provider makes: trainers, and networks built from {@link Mlp} descriptions. */
public interface GanEngine {

    /** The provider's name. */
    String providerName();

    /** The compute backend in use, for logs and provenance, e.g. {@code "ND4J CpuBackend (OpenBLAS), 1 thread"}. */
    String backend();

    /** A new trainer. */
    Trainer trainer();

    /**
     * Builds a generator from a description, with freshly initialised parameters.
     *
     * @param seed fixes the initial parameters
     */
    Generator generator(Mlp mlp, int zDim, int imageSize, DataType dataType, long seed);

    /**
     * Builds a discriminator (one logit per image) from a description, with freshly initialised parameters.
     *
     * @param seed fixes the initial parameters
     */
    Discriminator discriminator(Mlp mlp, int imageSize, DataType dataType, long seed);
}
