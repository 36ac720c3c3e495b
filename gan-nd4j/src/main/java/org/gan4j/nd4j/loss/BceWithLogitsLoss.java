package org.gan4j.nd4j.loss;

import org.gan4j.Loss;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference objective, non-saturating binary cross-entropy, computed from logits so that a saturated
 * discriminator gives large finite losses instead of {@code log(0)}:
 * {@code lossD = (BCE(D(x), 1) + BCE(D(G(z)), 0)) / 2}, {@code lossG = BCE(D(G(z)), 1)}, means over the batch.
 * Equal to PyTorch's {@code BCELoss} on {@code sigmoid(logits)} wherever that is finite (PyTorch clamps each log at
 * -100; this form needs no clamp).
 */
public final class BceWithLogitsLoss implements Loss {

    private final Kernels kernels;
    private final double realLabel;

    /**
     * A loss computing with {@code kernels}, real label 1.
     *
     * @param kernels the arithmetic (portable ND4J ops or the CPU fast path) of the run's networks
     */
    public BceWithLogitsLoss(Kernels kernels) {
        this(kernels, 1.0);
    }

    /**
     * A loss computing with {@code kernels} whose discriminator target for real images is {@code realLabel}
     * (one-sided label smoothing below 1; the generator's target stays 1).
     *
     * @param kernels   the arithmetic of the run's networks
     * @param realLabel in (0, 1]
     */
    public BceWithLogitsLoss(Kernels kernels, double realLabel) {
        this.kernels = kernels;
        this.realLabel = realLabel;
    }

    @Override
    public String name() {
        return "bce";
    }

    @Override
    public double discriminatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradReal,
                                    INDArray gradFake) {
        long nReal = realLogits.length();
        long nFake = fakeLogits.length();
        double real = kernels.bceWithLogits(realLogits, realLabel, gradReal, 0.5 / nReal);
        double fake = kernels.bceWithLogits(fakeLogits, 0.0, gradFake, 0.5 / nFake);
        return (real / nReal + fake / nFake) / 2;
    }

    /** {@return true: the real and fake terms are separate sums} */
    @Override
    public boolean separable() {
        return true;
    }

    @Override
    public double generatorLoss(INDArray fakeLogits, INDArray gradFake) {
        long n = fakeLogits.length();
        return kernels.bceWithLogits(fakeLogits, 1.0, gradFake, 1.0 / n) / n;
    }
}
