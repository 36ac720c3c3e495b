package org.gan4j.nn;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A network described as data: an input shape and a chain of layers, each layer's input shape inferred from the
 * one before (DJL's {@code SequentialBlock}). A chain that does not fit is refused when the spec is made, naming the
 * layer, its position and both shapes, never at the first training step. The provider builds the network
 * ({@link org.gan4j.spi.GanEngine#generator}); the spec is an immutable value with {@code equals} and a text form
 * that generator files and checkpoints store ({@link #layerTexts()}, {@link #parse}).
 */
public final class NetworkSpec {

    private final Shape input;
    private final ImmutableList<LayerSpec> layers;
    private final ImmutableList<Shape> shapes;

    private NetworkSpec(Shape input, List<LayerSpec> layers) {
        this.input = Objects.requireNonNull(input, "input");
        this.layers = ImmutableList.copyOf(layers);
        if (this.layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        List<Shape> s = new ArrayList<>();
        s.add(input);
        Shape current = input;
        for (int i = 0; i < this.layers.size(); i++) {
            LayerSpec layer = this.layers.get(i);
            try {
                current = Objects.requireNonNull(layer.outputShape(current), "output shape");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + layer + ") cannot take input " + current
                        + ": " + e.getMessage());
            }
            s.add(current);
        }
        this.shapes = ImmutableList.copyOf(s);
    }

    /**
     * A chain of layers applied in order.
     *
     * @param input  the shape of one input example (noise {@code [zDim]}, or images {@code [c, h, w]})
     * @param layers the layers, input side first
     * @return the spec, with every shape inferred
     * @throws IllegalArgumentException if there is no layer, or a layer cannot take the shape the previous one gives
     *                                  (the message names the layer, its position and both shapes)
     */
    public static NetworkSpec sequential(Shape input, LayerSpec... layers) {
        return new NetworkSpec(input, List.of(layers));
    }

    /**
     * A chain of layers applied in order.
     *
     * @param input  the shape of one input example
     * @param layers the layers, input side first
     * @return the spec, with every shape inferred
     * @throws IllegalArgumentException as {@link #sequential(Shape, LayerSpec...)}
     */
    public static NetworkSpec sequential(Shape input, List<? extends LayerSpec> layers) {
        return new NetworkSpec(input, List.copyOf(layers));
    }

    /**
     * The same layers on another input shape (a generator for another noise size).
     *
     * @param newInput the new input shape
     * @return the spec with every shape inferred again
     * @throws IllegalArgumentException if the layers do not fit the new input
     */
    public NetworkSpec withInput(Shape newInput) {
        return new NetworkSpec(newInput, layers);
    }

    /** {@return the shape of one input example} */
    public Shape inputShape() {
        return input;
    }

    /** {@return the shape of one output example} */
    public Shape outputShape() {
        return shapes.get(shapes.size() - 1);
    }

    /** {@return the layers, input side first} */
    public List<LayerSpec> layers() {
        return layers;
    }

    /**
     * The shape entering layer {@code i}.
     *
     * @param i the layer's position, from 0
     * @return its input shape ({@code inputShape()} for layer 0)
     */
    public Shape inputShapeOf(int i) {
        return shapes.get(i);
    }

    /** {@return the number of trainable values of all layers} */
    public long parameterCount() {
        long n = 0;
        for (int i = 0; i < layers.size(); i++) {
            n += layers.get(i).parameterCount(shapes.get(i));
        }
        return n;
    }

    /**
     * {@return the position of the first layer without a double-backward ({@link LayerSpec#doubleBackward()}), or -1
     * when a gradient penalty can differentiate every layer twice}
     */
    public int firstLayerWithoutDoubleBackward() {
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).doubleBackward()) {
                return i;
            }
        }
        return -1;
    }

    /** {@return whether some layer mixes the examples of a batch in training ({@link LayerSpec#batchDependent()})} */
    public boolean batchDependent() {
        return layers.stream().anyMatch(LayerSpec::batchDependent);
    }

    /** {@return each layer's text form, in order (what {@link #parse} reads back)} */
    public List<String> layerTexts() {
        return layers.stream().map(Layers::text).toList();
    }

    /**
     * Reads a spec back from its input shape and its layers' text forms.
     *
     * @param input  the input shape's text, e.g. {@code [64]}
     * @param layers the layers' text forms, in order
     * @return the spec
     * @throws IllegalArgumentException if a text is not a shape or a layer, or the chain does not fit
     */
    public static NetworkSpec parse(String input, List<String> layers) {
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            try {
                specs.add(Layers.parse(layers.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + ": " + e.getMessage());
            }
        }
        return new NetworkSpec(Shape.parse(input), specs);
    }

    /**
     * A table of the layers with their output shapes and parameter counts, like Keras's {@code summary()}.
     *
     * @return one line per layer, and a total
     */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format("%-3s %-60s %-16s %s%n", "#", "layer", "output", "params"));
        s.append(String.format("%-3s %-60s %-16s%n", "", "input", input));
        for (int i = 0; i < layers.size(); i++) {
            s.append(String.format("%-3d %-60s %-16s %d%n", i, layers.get(i), shapes.get(i + 1),
                    layers.get(i).parameterCount(shapes.get(i))));
        }
        return s.append(String.format("%-3s %-60s %-16s %d%n", "", "total", "", parameterCount())).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec n && n.input.equals(input) && n.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, layers);
    }

    @Override
    public String toString() {
        return "sequential(" + input + " -> " + String.join(" -> ", layerTexts()) + ")";
    }
}
