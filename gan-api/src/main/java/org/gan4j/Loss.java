package org.gan4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GAN objective, expressed on the discriminator's logits: the value of the discriminator's and of the
 * generator's loss, and their gradients with respect to those logits. The trainer backpropagates these gradients
 * through the networks.
 *
 * <p>All arrays are {@code [batch, 1]}. Gradient arrays are buffers owned by the caller: implementations overwrite
 * them (they do not add to them) and must not keep references. The default loss, used when the builder is given
 * none, is the reference's non-saturating binary cross-entropy: {@code lossD = (BCE(D(x), 1) + BCE(D(G(z)), 0)) / 2}
 * and {@code lossG = BCE(D(G(z)), 1)}, means over the batch.
 */
public interface Loss {

    /** {@return a short name for logs and provenance, e.g. {@code "bce"}} */
    String name();

    /**
     * The discriminator's loss.
     *
     * @param realLogits the discriminator's logits on a batch of real images, {@code [batch, 1]}; read only
     * @param fakeLogits its logits on a batch of generated images, {@code [batch, 1]}; read only
     * @param gradReal   receives d lossD / d realLogits, {@code [batch, 1]} like {@code realLogits}; overwritten
     * @param gradFake   receives d lossD / d fakeLogits, {@code [batch, 1]} like {@code fakeLogits}; overwritten
     * @return lossD, the mean over the batch (finite for finite logits)
     */
    double discriminatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradReal, INDArray gradFake);

    /**
     * Whether the discriminator's loss is a sum of a term of the real logits and a term of the fake logits, so that
     * {@code gradReal} does not depend on {@code fakeLogits} (true of BCE, least squares, hinge and Wasserstein
     * losses; not of relativistic ones). A discriminator with batch normalisation sees real and fake images in two
     * passes, which needs it; the trainer refuses that combination otherwise.
     *
     * @return false unless the implementation says so (the safe answer)
     */
    default boolean separable() {
        return false;
    }

    /**
     * The generator's loss.
     *
     * @param fakeLogits the discriminator's logits on a batch of generated images, {@code [batch, 1]}; read only
     * @param gradFake   receives d lossG / d fakeLogits, {@code [batch, 1]}; overwritten
     * @return lossG, the mean over the batch
     */
    double generatorLoss(INDArray fakeLogits, INDArray gradFake);

    /**
     * Whether the generator's loss also needs the discriminator's outputs on real images (relativistic losses):
     * then the trainer runs the updated discriminator on the step's real batch before the generator's update and
     * calls {@link #generatorLoss(INDArray, INDArray, INDArray)}.
     *
     * @return false unless the implementation says so
     */
    default boolean generatorNeedsRealOutputs() {
        return false;
    }

    /**
     * The generator's loss, given the discriminator's outputs on real images too. Called instead of
     * {@link #generatorLoss(INDArray, INDArray)} when {@link #generatorNeedsRealOutputs()}; the default ignores
     * {@code realLogits}.
     *
     * @param realLogits the updated discriminator's outputs on the step's real images, {@code [batch, 1]}; read only
     * @param fakeLogits its outputs on the generated images, {@code [batch, 1]}; read only
     * @param gradFake   receives d lossG / d fakeLogits; overwritten
     * @return lossG, the mean over the batch
     */
    default double generatorLoss(INDArray realLogits, INDArray fakeLogits, INDArray gradFake) {
        return generatorLoss(fakeLogits, gradFake);
    }
}
