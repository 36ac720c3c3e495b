package org.gan4j;

import com.google.common.base.Preconditions;
import java.util.Objects;

/** An elementwise activation function of an {@link Mlp}: an immutable value. */
public final class Activation {

    /** The kinds of activation the provider implements. */
    public enum Kind {
        /** {@code f(x) = x}: {@link #identity()}. */
        IDENTITY,
        /** {@code max(0, x)}: {@link #relu()}. */
        RELU,
        /** {@code x > 0 ? x : slope * x}: {@link #leakyRelu(double)}. */
        LEAKY_RELU,
        /** {@code tanh(x)}: {@link #tanh()}. */
        TANH,
        /** {@code 1 / (1 + exp(-x))}: {@link #sigmoid()}. */
        SIGMOID
    }

    private static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);
    private static final Activation RELU = new Activation(Kind.RELU, 0);
    private static final Activation TANH = new Activation(Kind.TANH, 0);
    private static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0);

    private final Kind kind;
    private final double slope;

    private Activation(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /**
     * No activation: {@code f(x) = x}. A discriminator's output must use this (it returns logits).
     *
     * @return the identity activation
     */
    public static Activation identity() {
        return IDENTITY;
    }

    /**
     * {@code max(0, x)}.
     *
     * @return the ReLU activation
     */
    public static Activation relu() {
        return RELU;
    }

    /**
     * {@code x > 0 ? x : slope * x}, PyTorch's {@code LeakyReLU(slope)}.
     *
     * @param slope the negative slope, in {@code [0, 1)}; the reference uses 0.01 (PyTorch's default), 0 is ReLU
     * @return a LeakyReLU activation with that slope
     * @throws IllegalArgumentException if {@code slope} is outside {@code [0, 1)}
     */
    public static Activation leakyRelu(double slope) {
        Preconditions.checkArgument(slope >= 0 && slope < 1, "leakyRelu slope must be in [0, 1), got %s", slope);
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    /**
     * {@code tanh(x)}: the reference generator's output, matching images in {@code [-1, 1]}.
     *
     * @return the tanh activation
     */
    public static Activation tanh() {
        return TANH;
    }

    /**
     * {@code 1 / (1 + exp(-x))}, with outputs in {@code (0, 1)}.
     *
     * @return the sigmoid activation
     */
    public static Activation sigmoid() {
        return SIGMOID;
    }

    /** {@return which function this is} */
    public Kind kind() {
        return kind;
    }

    /** {@return the negative slope of a {@link Kind#LEAKY_RELU}, in {@code [0, 1)}; 0 for every other kind} */
    public double slope() {
        return slope;
    }

    /**
     * Parses the form {@link #toString()} produces: {@code identity}, {@code relu}, {@code tanh}, {@code sigmoid}
     * or {@code leakyRelu(0.01)}.
     *
     * @param text the form to parse; surrounding white space is ignored
     * @return the activation {@code text} names
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Activation parse(String text) {
        String t = text.trim();
        switch (t) {
            case "identity": return IDENTITY;
            case "relu": return RELU;
            case "tanh": return TANH;
            case "sigmoid": return SIGMOID;
            default:
                if (t.startsWith("leakyRelu(") && t.endsWith(")")) {
                    try {
                        return leakyRelu(Double.parseDouble(t.substring("leakyRelu(".length(), t.length() - 1)));
                    } catch (NumberFormatException e) {
                        // fall through to the message below
                    }
                }
                throw new IllegalArgumentException("unknown activation '" + text
                        + "': expected identity, relu, tanh, sigmoid or leakyRelu(<slope>)");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? "leakyRelu(" + slope + ")" : switch (kind) {
            case IDENTITY -> "identity";
            case RELU -> "relu";
            case TANH -> "tanh";
            case SIGMOID -> "sigmoid";
            default -> throw new AssertionError(kind);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.kind == kind && Double.compare(a.slope, slope) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, slope);
    }
}
