package org.gan4j;

/**
 * A generator: maps noise {@code z ~ N(0, 1)} of shape {@code [batch, zDim]} to images of shape
 * {@code [batch, imageSize]}, flattened row-major and scaled to {@code [-1, 1]} like the training data.
 *
 * <p>Implement it (see {@link Network} for the contract) to plug a custom architecture into
 * {@link GanConfig.Builder#generator(Generator)}, or describe an MLP with {@link Mlp} and let the provider build it.
 */
public interface Generator extends Network {

    /** {@return the size of the noise vector {@code z}: the same as {@link #inputSize()}} */
    default int zDim() {
        return inputSize();
    }
}
