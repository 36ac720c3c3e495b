package org.gan4j.nd4j.layers;

/**
 * Told by a backward pass when a range of a network's flat parameter vector has its final gradients and the pass will
 * not read those parameters again ({@link Sequential#backwardParameters(org.nd4j.linalg.api.ndarray.INDArray,
 * GradientsReady)}): an optimizer can update them at once, while they and their gradients are still in cache.
 */
@FunctionalInterface
public interface GradientsReady {

    /**
     * The parameters {@code [from, to)} of the flat vector are ready to be updated.
     *
     * @param from the first index, in the network's {@code parameters()} and {@code gradients()}
     * @param to   one past the last index, greater than {@code from}
     */
    void ready(long from, long to);
}
