package org.gan4j.nd4j.penalty;

import org.gan4j.Network;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.BatchBuffers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017): {@code lambda mean_i (||grad D(xhat_i)|| - 1)^2} at
 * {@code xhat_i = eps_i real_i + (1 - eps_i) fake_i}, with <em>one</em> {@code eps_i ~ U[0, 1)} per example (a weight
 * per pixel is a classic bug: the points would leave the segment between the pair). The same as PyTorch's
 * {@code torch.autograd.grad(D(xhat).sum(), xhat, create_graph=True)} and
 * {@code lambda ((grad.norm(2, dim=1) - 1) ** 2).mean()}; at a zero gradient the norm's subgradient is 0, as in
 * PyTorch.
 *
 * <p>Cost per call: one critic forward and input-only backward for the gradient, one tangent forward and one
 * backward with parameter gradients for its parameter gradient ({@link CriticSecondOrder}).
 */
public final class WganGpPenalty extends NormPenalty {

    private final double lambda;
    private final BatchBuffers interpolated;
    private double[] epsilon = new double[0];

    /**
     * A penalty on {@code critic}.
     *
     * @param kernels the critic's kernels
     * @param critic  a {@link org.gan4j.nd4j.layers.Sequential} of one output whose layers all have a
     *                double-backward
     * @param lambda  the weight, positive (the paper's and torch_recipes.py's is 10)
     * @throws IllegalArgumentException if {@code lambda} is not positive and finite or the critic has a layer without
     *                                  a double-backward (named, with its position)
     */
    public WganGpPenalty(Kernels kernels, Network critic, double lambda) {
        super(kernels, critic);
        this.lambda = requirePositive("WGAN-GP lambda", lambda);
        this.interpolated = new BatchBuffers(critic.dataType(), critic.inputSize());
    }

    @Override
    public String name() {
        return "gp";
    }

    /**
     * Draws one interpolation weight per example from {@code random} (uniform in {@code [0, 1)}, in row order), then
     * {@link #addGradient(INDArray, INDArray, double[])}.
     */
    @Override
    public double addGradient(INDArray real, INDArray fake, SeededRandom random) {
        return addGradient(real, fake, draw(real, fake, random));
    }

    /**
     * {@link #addGradient(INDArray, INDArray, SeededRandom)} without the critic's first matrix product at the
     * interpolates: it interpolates the first affine layer's outputs of the joint pass over real and fake
     * ({@link CriticSecondOrder#inputGradientAtInterpolates}), a forward pass's largest product saved per critic
     * update.
     */
    @Override
    public double addGradientAfterJointForward(INDArray real, INDArray fake, SeededRandom random) {
        return addGradientAfterJointForward(real, fake, draw(real, fake, random));
    }

    /**
     * {@link #addGradient(INDArray, INDArray, double[])} right after the critic's forward pass over {@code real} then
     * {@code fake} as one batch (see {@link GradientPenalty#addGradientAfterJointForward}).
     *
     * @param real    {@code [batch, critic.inputSize()]}, the first half of that pass
     * @param fake    the same shape, its second half
     * @param epsilon one weight per example, in {@code [0, 1]}
     * @return {@code lambda mean_i (||grad D(xhat_i)|| - 1)^2}
     * @throws IllegalArgumentException as {@link #addGradient(INDArray, INDArray, double[])}
     * @throws IllegalStateException    if the critic's last forward pass was not over twice the batch
     */
    public double addGradientAfterJointForward(INDArray real, INDArray fake, double[] epsilon) {
        return penalize(interpolate(real, fake, epsilon), epsilon, true);
    }

    /** One interpolation weight per example, uniform in {@code [0, 1)}, in row order. */
    private double[] draw(INDArray real, INDArray fake, SeededRandom random) {
        requireBatches(real, fake); // before drawing: a refused call leaves the stream where it was
        int rows = (int) real.rows();
        if (epsilon.length != rows) {
            epsilon = new double[rows];
        }
        for (int i = 0; i < rows; i++) {
            epsilon[i] = random.nextDouble();
        }
        return epsilon;
    }

    /**
     * The penalty at the interpolates of {@code real} and {@code fake} with the given weights, its parameter
     * gradient added to the critic's gradients.
     *
     * @param real    {@code [batch, critic.inputSize()]}
     * @param fake    the same shape, detached
     * @param epsilon one weight per example, in {@code [0, 1]}: {@code xhat_i = eps_i real_i + (1 - eps_i) fake_i}
     * @return {@code lambda mean_i (||grad D(xhat_i)|| - 1)^2}
     * @throws IllegalArgumentException if the shapes differ, or the weights are not one per example in [0, 1]
     */
    public double addGradient(INDArray real, INDArray fake, double[] epsilon) {
        return penalize(interpolate(real, fake, epsilon), true);
    }

    /**
     * The penalty's value alone; the critic's gradients are left alone.
     *
     * @param real    {@code [batch, critic.inputSize()]}
     * @param fake    the same shape
     * @param epsilon one weight per example, in {@code [0, 1]}
     * @return {@code lambda mean_i (||grad D(xhat_i)|| - 1)^2}
     * @throws IllegalArgumentException as {@link #addGradient(INDArray, INDArray, double[])}
     */
    public double value(INDArray real, INDArray fake, double[] epsilon) {
        return penalize(interpolate(real, fake, epsilon), false);
    }

    private INDArray interpolate(INDArray real, INDArray fake, double[] weights) {
        requireBatches(real, fake);
        if (weights.length != real.rows()) {
            throw new IllegalArgumentException("WGAN-GP needs one interpolation weight per example: " + real.rows()
                    + " rows, got " + weights.length + " weights");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && weights[i] <= 1)) {
                throw new IllegalArgumentException("WGAN-GP interpolation weight " + i + " must be in [0, 1], got "
                        + weights[i]);
            }
        }
        INDArray xhat = interpolated.get(real.rows());
        second.kernels().interpolateRows(real, fake, weights, xhat);
        return xhat;
    }

    @Override
    double term(double norm) {
        double d = norm - 1;
        return lambda * d * d;
    }

    @Override
    double slopePerNorm(double norm) {
        return norm == 0 ? 0 : 2 * lambda * (norm - 1) / norm;
    }
}
