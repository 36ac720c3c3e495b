package org.gan4j.nd4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose output is an affine function of each example's input ({@code y = W x + b}: dense, convolution). At a
 * row-wise interpolation {@code x_i = w_i a_i + (1 - w_i) b_i} its output is the same interpolation of its outputs
 * at {@code a_i} and {@code b_i} (the weights sum to 1, so the bias is kept), which WGAN-GP's penalty uses: its
 * points lie between the real and fake examples that the loss's forward pass has just run through the critic, so
 * the critic's first matrix product at the interpolates need not be computed again.
 */
public interface AffineLayer extends TwiceDifferentiable {

    /**
     * The forward pass (training mode) at {@code x_i = w_i a_i + (1 - w_i) b_i}, computed from this layer's last
     * forward pass, which must have been over {@code [a; b]} (the rows of {@code a}, then those of {@code b}, as one
     * batch) with the parameters unchanged since. Afterwards the layer is in the state {@code forward(x, true)}
     * leaves (input {@code x}, this output), so that backward and tangent passes follow as usual; the output equals
     * {@code forward(x, true)}'s up to rounding.
     *
     * @param x       the interpolates, {@code [n, inputSize()]}: recorded as the input, not multiplied
     * @param weights {@code w}, one per row of {@code x}
     * @return {@code [n, outputSize()]}, a buffer of this layer
     * @throws IllegalStateException if the last forward pass was not over {@code 2n} rows
     */
    INDArray forwardInterpolated(INDArray x, double[] weights);
}
