package org.gan4j.nd4j.optim;

import org.gan4j.nd4j.layers.GradientsReady;

/**
 * One optimizer update applied in parts, each as soon as a backward pass has finished that part's gradients
 * ({@link Optimizer#beginStepInParts()}): the parameters and gradients of a layer are then still in cache, where an
 * update after the whole pass reads them back from memory. The parts must cover the parameter vector once; the bits
 * are those of one {@link Optimizer#step()}.
 */
public interface StepInParts extends GradientsReady {

    /**
     * Updates the parameters {@code [from, to)}.
     *
     * @param from the first index of the range, not negative
     * @param to   one past its last, at most the parameter count, greater than {@code from}
     * @throws IllegalStateException if no step in parts is open
     * @throws IllegalArgumentException if the range is empty or outside the parameter vector
     */
    @Override
    void ready(long from, long to);

    /**
     * Closes the step.
     *
     * @throws IllegalStateException if no step is open, or the parts did not cover the parameter vector (a part was
     *                               missed or updated twice): the step's update is then incomplete
     */
    void end();
}
