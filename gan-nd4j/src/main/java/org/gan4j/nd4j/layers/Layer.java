package org.gan4j.nd4j.layers;

import java.util.List;
import org.gan4j.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a {@link Sequential} network. The contract (CS231n's): {@link #forward} keeps what
 * {@link #backward} needs in private fields; {@link #backward} adds ({@code +=}) the parameter gradients and
 * returns the input gradient. Outputs are buffers owned by the layer, allocated once per batch size and overwritten
 * by the next call: the training step runs ~100,000 times.
 *
 * <p>Images travel as rows too: a batch of {@code C x H x W} images is {@code [batch, C*H*W]}, each row one image
 * in NCHW c-order (channel, then row, then column), so {@link #inputSize()} and {@link #outputSize()} are
 * {@code C*H*W} and a reshape or flatten between layers costs nothing.
 *
 * <p><b>Modes.</b> {@code forward(x, true)} is PyTorch's train mode: batch statistics (and their running averages
 * updated), dropout active, and whatever {@link #backward} needs kept. {@code forward(x, false)} is eval mode:
 * running statistics, no dropout, no state changed; a backward pass after it differentiates the eval-mode function
 * (BatchNorm's affine map with fixed statistics).
 */
public interface Layer {

    /** {@return the values per input row: {@code c * h * w} for images} */
    int inputSize();

    /** {@return the values per output row} */
    int outputSize();

    /** {@return the number of trainable values; 0 for activations, reshapes and dropout} */
    long parameterCount();

    /**
     * Gives the layer its storage: views of the network's flat parameter and gradient buffers, each of
     * {@link #parameterCount()} values. Called once, before anything else.
     *
     * @param params the layer's slice of the network's parameter vector, written by the optimizer
     * @param grads  the matching slice of the gradient vector, written by {@link #backward}
     */
    void bind(INDArray params, INDArray grads);

    /**
     * Draws initial parameters (PyTorch's default initialisation of the layer kind).
     *
     * @param random the network's initialisation stream, shared by its layers in order
     */
    void initialize(SeededRandom random);

    /** {@return the parameters under their names (e.g. {@code weight}, {@code bias}); empty for activations} */
    List<NamedParameter> parameters();

    /**
     * State that is not trained but belongs in a checkpoint (BatchNorm's running statistics), under PyTorch's
     * names; empty for most layers. The arrays are the layer's own, updated in place by {@code forward(x, true)}.
     *
     * @return the buffers, in a fixed order
     */
    default List<NamedBuffer> buffers() {
        return List.of();
    }

    /**
     * {@code [batch, inputSize] -> [batch, outputSize]}.
     *
     * @param x        {@code [batch, inputSize]}, c-order, of the layer's data type
     * @param training PyTorch's train mode (batch statistics, dropout) when true, eval mode when false; see the
     *                 class comment
     * @return {@code [batch, outputSize]}: a buffer the layer owns, overwritten by its next call with this batch
     *         size (or {@code x} itself, for layers that change nothing)
     */
    INDArray forward(INDArray x, boolean training);

    /**
     * {@code [batch, outputSize] -> [batch, inputSize]}: backpropagates through the last forward call.
     *
     * <p>It reads and writes only this layer's own parameters and gradients: the network may update them as soon as
     * this call returns, before the layers below run their backward pass
     * ({@link Sequential#backwardParameters(INDArray, GradientsReady)}), so a layer must not share parameters with
     * another.
     *
     * @param dy                 {@code [batch, outputSize]}: the loss's gradient with respect to the last output
     * @param parameterGradients what to do with the parameter gradients: skip them (only the input gradient is
     *                           wanted, e.g. through the discriminator during the generator's update), add to them,
     *                           or overwrite them (they were zeroed)
     * @param inputGradient      whether to compute the input gradient (false for a network's first layer when
     *                           nobody needs the gradient with respect to the network's input)
     * @return the input gradient, or {@code null} when it was not asked for
     */
    INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient);
}
