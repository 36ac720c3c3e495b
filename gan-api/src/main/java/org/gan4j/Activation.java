package org.gan4j;

import java.util.Objects;
import org.gan4j.nn.Layers;
import org.gan4j.nn.LayerSpec;

/**
 * An activation for the {@link Mlp} shorthand: a name for one of the activation layers of {@link Layers}
 * ({@code relu}, {@code leakyRelu}, {@code tanh}, {@code sigmoid}, {@code identity}). The layer vocabulary is the one
 * place an activation is defined; this class only wraps it.
 */
public final class Activation {

    private final Layers.ActivationSpec layer;

    private Activation(Layers.ActivationSpec layer) {
        this.layer = layer;
    }

    /** {@return no activation: the layer's output as it is (a discriminator's logit)} */
    public static Activation identity() {
        return new Activation(Layers.identity());
    }

    /** {@return {@code max(x, 0)}} */
    public static Activation relu() {
        return new Activation(Layers.relu());
    }

    /**
     * {@code x > 0 ? x : slope * x}.
     *
     * @param slope the negative slope, at least 0 (PyTorch's default is 0.01)
     * @return the activation
     * @throws IllegalArgumentException if {@code slope} is negative or not finite
     */
    public static Activation leakyRelu(double slope) {
        return new Activation(Layers.leakyRelu(slope));
    }

    /** {@return {@code tanh(x)}} */
    public static Activation tanh() {
        return new Activation(Layers.tanh());
    }

    /** {@return {@code 1 / (1 + exp(-x))}} */
    public static Activation sigmoid() {
        return new Activation(Layers.sigmoid());
    }

    /**
     * An activation layer as an {@link Mlp} activation.
     *
     * @param layer any activation of the layer vocabulary
     * @return the activation
     */
    public static Activation of(Layers.ActivationSpec layer) {
        return new Activation(Objects.requireNonNull(layer, "layer"));
    }

    /** {@return the activation layer this names} */
    public Layers.ActivationSpec layer() {
        return layer;
    }

    /** {@return whether this is the identity (adds no layer to a network)} */
    public boolean isIdentity() {
        return layer instanceof Layers.Identity;
    }

    /**
     * Parses the form {@link #toString()} produces ({@code identity}, {@code relu}, {@code tanh}, {@code sigmoid},
     * {@code leakyRelu(0.01)}), and the layer text form ({@code leakyRelu(slope=0.01)}).
     *
     * @param text the activation's text
     * @return the activation
     * @throws IllegalArgumentException naming the text, if it is not an activation
     */
    public static Activation parse(String text) {
        String t = text.trim();
        if (!t.contains("(")) {
            t = t + "()";
        } else if (t.startsWith("leakyRelu(") && !t.contains("=")) {
            t = "leakyRelu(slope=" + t.substring("leakyRelu(".length());
        }
        LayerSpec layer;
        try {
            layer = Layers.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + text + "': " + e.getMessage());
        }
        if (!(layer instanceof Layers.ActivationSpec a)) {
            throw new IllegalArgumentException("'" + text + "' is a " + layer.kind() + " layer, not an activation");
        }
        return new Activation(a);
    }

    /** {@return the short form: {@code tanh}, {@code leakyRelu(0.2)}} */
    @Override
    public String toString() {
        return layer instanceof Layers.LeakyRelu l ? "leakyRelu(" + l.slope() + ")" : layer.kind();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.layer.equals(layer);
    }

    @Override
    public int hashCode() {
        return layer.hashCode();
    }
}
