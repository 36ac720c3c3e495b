package org.gan4j;

import java.util.Map;
import java.util.Optional;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable, differentiable function from rows to rows: the contract shared by {@link Generator} and
 * {@link Discriminator}.
 *
 * <p>The contract is the classic layer contract (CS231n, micrograd): {@link #forward} keeps whatever the backward
 * pass needs; {@link #backward} <em>accumulates</em> ({@code +=}) the parameter gradients into {@link #gradients()}
 * and returns the gradient with respect to the input. Gradients are cleared only by {@link #zeroGrad()}, because a
 * discriminator is backpropagated on real and fake images before one update.
 *
 * <p>All parameters live in one flat buffer ({@link #parameters()}) and all gradients in another of the same length
 * ({@link #gradients()}), so that an optimizer step and a checkpoint are one operation each. A hand-written network
 * must follow these rules, which the trainer checks when training starts (and refuses the network, naming it and the
 * rule, when one is broken):
 * <ul>
 *   <li>{@link #parameters()} returns the same <em>live</em> array on every call: writing to it changes the network
 *       (an optimizer keeps it and updates it in place; a copy would leave the network untrained);</li>
 *   <li>{@link #parameters()} and {@link #gradients()} are contiguous c-order vectors of {@link #dataType()}, of the
 *       same length, and {@link #gradients()} is a live array too.</li>
 * </ul>
 *
 * <p>Arrays returned by {@link #forward} and {@link #backward} are buffers owned by the network and are overwritten
 * by the next call with the same batch size: copy them ({@code dup()}) to keep them. Implementations are not
 * thread-safe.
 */
public interface Network {

    /** {@return the number of values per input row: {@code inputShape().size()}, positive} */
    int inputSize();

    /** {@return the number of values per output row: {@code outputShape().size()}, positive} */
    int outputSize();

    /**
     * The shape of one input example; rows hold it flattened in c-order (NCHW for images).
     *
     * @return {@code spec().inputShape()} for a network built from a spec, else {@code [inputSize()]}
     */
    default Shape inputShape() {
        return spec().map(NetworkSpec::inputShape).orElseGet(() -> Shape.vector(inputSize()));
    }

    /**
     * The shape of one output example.
     *
     * @return {@code spec().outputShape()} for a network built from a spec, else {@code [outputSize()]}
     */
    default Shape outputShape() {
        return spec().map(NetworkSpec::outputShape).orElseGet(() -> Shape.vector(outputSize()));
    }

    /** {@return the floating-point type of parameters, inputs and outputs: FLOAT or DOUBLE} */
    DataType dataType();

    /**
     * Computes the output for a batch.
     *
     * @param input    {@code [batch, inputSize()]}, c-order
     * @param training whether this pass will be followed by {@link #backward}
     * @return {@code [batch, outputSize()]}, owned by the network (see the class documentation)
     * @throws IllegalArgumentException if {@code input} has the wrong shape or type
     */
    INDArray forward(INDArray input, boolean training);

    /**
     * Backpropagates through the last {@link #forward} call: adds the parameter gradients to {@link #gradients()}
     * and returns the gradient with respect to that call's input.
     *
     * @param gradOutput {@code [batch, outputSize()]}: the loss's gradient with respect to the last output
     * @return {@code [batch, inputSize()]}, owned by the network
     */
    INDArray backward(INDArray gradOutput);

    /**
     * Like {@link #backward}, for callers that need only the input gradient (the discriminator during the
     * generator's update). Implementations may skip the parameter gradients; the default computes them anyway, so
     * callers must treat {@link #gradients()} as undefined afterwards and call {@link #zeroGrad()} before the next
     * real {@link #backward}.
     *
     * @param gradOutput {@code [batch, outputSize()]}: the loss's gradient with respect to the last output
     * @return {@code [batch, inputSize()]}, owned by the network
     */
    default INDArray backwardInput(INDArray gradOutput) {
        return backward(gradOutput);
    }

    /**
     * Like {@link #backward}, for callers that need only the parameter gradients (every training update: nobody
     * needs the gradient with respect to real images or to noise). Implementations may skip the input gradient,
     * which for a first layer of 784 inputs is a quarter of the step's arithmetic.
     *
     * @param gradOutput {@code [batch, outputSize()]}: the loss's gradient with respect to the last output
     */
    default void backwardParameters(INDArray gradOutput) {
        backward(gradOutput);
    }

    /**
     * All parameters as one flat vector; writing to it changes the network.
     *
     * @return the network's own live {@code [parameterCount()]} c-order vector, the same array on every call (see the
     *         class documentation)
     */
    INDArray parameters();

    /**
     * All parameter gradients, laid out like {@link #parameters()}: what {@link #backward} has accumulated since the
     * last {@link #zeroGrad()}.
     *
     * @return the network's own live vector, of the same length, type and order as {@link #parameters()}
     */
    INDArray gradients();

    /** Sets every gradient to zero. */
    void zeroGrad();

    /** {@return the number of trainable parameters: the length of {@link #parameters()}} */
    default long parameterCount() {
        return parameters().length();
    }

    /**
     * Whether, in training, the output for one example depends on the other examples of its batch (batch
     * normalisation). The trainer then passes real and generated images through a discriminator as two batches, as
     * PyTorch's DCGAN does, instead of as one.
     *
     * @return {@code spec().batchDependent()} for a network built from a spec; false otherwise (override it for a
     *         hand-written network that normalises over the batch)
     */
    default boolean batchDependent() {
        return spec().map(NetworkSpec::batchDependent).orElse(false);
    }

    /**
     * State that belongs to the network but is not trained: BatchNorm's running statistics, under PyTorch's
     * {@code state_dict} names ({@code 2.running_mean}). The arrays are the network's own, live; checkpoints and
     * generator files save and restore them with the parameters.
     *
     * @return name to array, in a fixed order; empty for a network without such state (the default)
     */
    default Map<String, INDArray> buffers() {
        return Map.of();
    }

    /**
     * A new, independent network with this one's architecture, parameters and buffers: an EMA copy of a
     * generator, a network evaluated on another thread while this one trains, a replica. Gradients and the
     * buffers of a forward pass are not copied.
     *
     * @return the copy; training either network leaves the other unchanged
     * @throws UnsupportedOperationException if the network cannot be copied (the default, for hand-written networks)
     */
    default Network copy() {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement Network.copy()");
    }

    /**
     * The description the provider built this network from, which is what a saved generator file needs to rebuild
     * it. Empty for a hand-written network (the default): {@link org.gan4j.io.GeneratorFile} then saves its parameters
     * only, and loading needs an instance of the same network to put them into.
     *
     * @return the network's description, or empty when there is none
     */
    default Optional<NetworkSpec> spec() {
        return Optional.empty();
    }
}
