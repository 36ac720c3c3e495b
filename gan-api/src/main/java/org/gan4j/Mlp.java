package org.gan4j;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gan4j.nn.LayerSpec;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;

/**
 * Describes a multi-layer perceptron for the provider to build: fully connected layers of the given hidden widths,
 * each followed by {@link #hiddenActivation()}, then a fully connected output layer followed by
 * {@link #outputActivation()}. The input and output widths come from the GAN (zDim, image size), so one description
 * fits any dataset. Weights and biases are initialised like PyTorch's {@code nn.Linear}: uniform in
 * {@code ±1/sqrt(fanIn)}.
 *
 * <p>The reference networks are {@link #referenceGenerator()} (z -> 256 -> image, LeakyReLU(0.01), tanh) and
 * {@link #referenceDiscriminator()} (image -> 128 -> 1, LeakyReLU(0.01), a logit).
 */
public final class Mlp {

    private final ImmutableList<Integer> hidden;
    private final Activation hiddenActivation;
    private final Activation outputActivation;

    private Mlp(List<Integer> hidden, Activation hiddenActivation, Activation outputActivation) {
        this.hidden = ImmutableList.copyOf(hidden);
        this.hiddenActivation = hiddenActivation;
        this.outputActivation = outputActivation;
    }

    /**
     * An MLP with the given hidden widths.
     *
     * @param hiddenActivation applied after every hidden layer
     * @param outputActivation applied after the output layer ({@link Activation#identity()} for a discriminator)
     * @param hiddenWidths     widths of the hidden layers, input side first, each positive; none gives a single
     *                         linear layer
     * @return the description (the provider builds the layers when training starts)
     * @throws IllegalArgumentException for a width that is not positive
     */
    public static Mlp of(Activation hiddenActivation, Activation outputActivation, int... hiddenWidths) {
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
        Objects.requireNonNull(outputActivation, "outputActivation");
        for (int i = 0; i < hiddenWidths.length; i++) {
            Preconditions.checkArgument(hiddenWidths[i] > 0,
                    "hidden layer %s width must be positive, got %s", i, hiddenWidths[i]);
        }
        return new Mlp(Ints.asList(hiddenWidths), hiddenActivation, outputActivation);
    }

    /**
     * The reference generator: {@code Linear(z, 256), LeakyReLU(0.01), Linear(256, image), Tanh}.
     *
     * @return the reference generator's description
     */
    public static Mlp referenceGenerator() {
        return of(Activation.leakyRelu(0.01), Activation.tanh(), 256);
    }

    /**
     * The reference discriminator, returning a logit: {@code Linear(image, 128), LeakyReLU(0.01), Linear(128, 1)}.
     *
     * @return the reference discriminator's description
     */
    public static Mlp referenceDiscriminator() {
        return of(Activation.leakyRelu(0.01), Activation.identity(), 128);
    }

    /** {@return the widths of the hidden layers, input side first; an immutable list, empty for a single layer} */
    public List<Integer> hiddenWidths() {
        return hidden;
    }

    /** {@return the activation after every hidden layer} */
    public Activation hiddenActivation() {
        return hiddenActivation;
    }

    /** {@return the activation after the output layer} */
    public Activation outputActivation() {
        return outputActivation;
    }

    /**
     * Number of parameters (weights and biases) of this MLP between the given input and output widths.
     *
     * @param inputSize  width of the input, e.g. {@code zDim} for a generator or the image size for a discriminator
     * @param outputSize width of the output, e.g. the image size for a generator or 1 for a discriminator
     * @return the number of scalar parameters
     */
    public long parameterCount(int inputSize, int outputSize) {
        long count = 0;
        int in = inputSize;
        for (int width : hidden) {
            count += (long) in * width + width;
            in = width;
        }
        return count + (long) in * outputSize + outputSize;
    }

    /**
     * This MLP as a network spec between the given shapes: {@code dense(h), activation} per hidden width, then
     * {@code dense(output size)} and the output activation (none for the identity), as PyTorch's
     * {@code nn.Sequential} of the reference lists them (so parameter names match: {@code 0.weight}, {@code 2.bias}).
     *
     * @param input  the shape of one input: {@code [zDim]} for a generator, the image for a discriminator
     * @param output the shape of one output: the image for a generator ({@code [c, h, w]} or {@code [c * h * w]}),
     *               {@code [1]} for a discriminator; an image output gets a final reshape to it
     * @return the spec
     */
    public NetworkSpec spec(Shape input, Shape output) {
        List<LayerSpec> layers = new ArrayList<>();
        if (!input.isVector()) {
            layers.add(Layers.flatten());
        }
        for (int width : hidden) {
            layers.add(Layers.dense(width));
            if (!hiddenActivation.isIdentity()) {
                layers.add(hiddenActivation.layer());
            }
        }
        layers.add(Layers.dense(output.size()));
        if (!outputActivation.isIdentity()) {
            layers.add(outputActivation.layer());
        }
        if (!output.isVector()) {
            layers.add(Layers.reshape(output.dims()));
        }
        return NetworkSpec.sequential(input, layers);
    }

    /**
     * This MLP as a generator between flat rows: {@code spec([zDim], [imageSize])}.
     *
     * @param zDim      noise size
     * @param imageSize values per image
     * @return the spec
     */
    public NetworkSpec generatorSpec(int zDim, int imageSize) {
        return spec(Shape.vector(zDim), Shape.vector(imageSize));
    }

    /**
     * This MLP as a discriminator of flat images: {@code spec([imageSize], [1])}.
     *
     * @param imageSize values per image
     * @return the spec
     */
    public NetworkSpec discriminatorSpec(int imageSize) {
        return spec(Shape.vector(imageSize), Shape.vector(1));
    }

    @Override
    public String toString() {
        return "Mlp" + hidden + "[hidden=" + hiddenActivation + ", output=" + outputActivation + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mlp m && m.hidden.equals(hidden) && m.hiddenActivation.equals(hiddenActivation)
                && m.outputActivation.equals(outputActivation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hidden, hiddenActivation, outputActivation);
    }
}
