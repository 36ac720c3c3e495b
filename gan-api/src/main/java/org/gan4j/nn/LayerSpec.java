package org.gan4j.nn;

import java.util.Map;

/**
 * One layer of a network, described as data: what kind it is and its settings, never its parameters. A provider
 * builds the layer from it. Specs are immutable values ({@code equals} compares settings) with a text form,
 * {@code kind(name=value, ...)}, that {@link Layers#parse} reads back; generator files and checkpoints store it.
 *
 * <p>The layers gan4j knows are the records in {@link Layers}. A spec knows the shape it produces from the shape it
 * is given ({@link #outputShape}), so a chain of specs checks itself when it is built ({@link NetworkSpec}).
 */
public interface LayerSpec {

    /** {@return the kind's name, e.g. {@code conv2d}: the first word of the text form} */
    String kind();

    /** {@return the settings, in the order the text form lists them} */
    Map<String, Object> arguments();

    /**
     * The shape of this layer's output for an input of {@code input}.
     *
     * @param input the shape of one example reaching the layer
     * @return the shape of one example leaving it
     * @throws IllegalArgumentException saying why the layer cannot take {@code input} (the network adds the layer's
     *                                  position)
     */
    Shape outputShape(Shape input);

    /**
     * The number of trainable values the layer has for an input of {@code input}.
     *
     * @param input the shape of one example reaching the layer (already checked by {@link #outputShape})
     * @return 0 for a layer without parameters (activations, reshapes, dropout)
     */
    default long parameterCount(Shape input) {
        return 0;
    }

    /**
     * Whether the layer's output for one example depends on the other examples of its batch in training
     * (batch normalisation). The trainer then passes real and generated batches through a discriminator separately,
     * as every DCGAN reference does, instead of as one batch.
     *
     * @return false unless the layer mixes examples
     */
    default boolean batchDependent() {
        return false;
    }

    /**
     * Whether a gradient penalty can differentiate this layer twice: its input gradient, differentiated again with
     * respect to the network's parameters (WGAN-GP, R1). Every provider implements the double-backward of each kind
     * that says true; a configuration that penalises a discriminator with a layer that says false is refused when it
     * is built ({@link org.gan4j.GanConfig.Builder#build()}), naming the layer.
     *
     * @return true for dense, conv2d, the activations, reshape and flatten; false for batchNorm (it couples a
     *         batch's examples), dropout (it randomises them), convTranspose2d, spectralNorm and projection
     */
    default boolean doubleBackward() {
        return false;
    }
}
