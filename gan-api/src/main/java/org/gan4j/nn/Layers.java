package org.gan4j.nn;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The layer vocabulary: one record per kind, each a {@link LayerSpec} with PyTorch's semantics, and factory methods
 * that read like a PyTorch {@code nn.Sequential}:
 *
 * <pre>{@code
 * NetworkSpec d = NetworkSpec.sequential(Shape.image(1, 28, 28),
 *         conv2d(64, 4, 2, 1), leakyRelu(0.2),
 *         conv2d(128, 4, 2, 1), batchNorm(), leakyRelu(0.2),
 *         flatten(), dense(1));
 * }</pre>
 *
 * <p>Adding a kind means adding its record and its line in {@code PARSERS} here, and its implementation (registered
 * once) in the provider.
 */
public final class Layers {

    private Layers() {
    }

    // ---- factories ----

    /**
     * A fully connected layer, PyTorch's {@code nn.Linear}.
     *
     * @param out output features
     * @return {@code [in] -> [out]}
     */
    public static Dense dense(int out) {
        return new Dense(out);
    }

    /**
     * A 2-d convolution, PyTorch's {@code nn.Conv2d(in, out, kernel, stride, padding)} with square kernels, zero
     * padding and a bias; the input channels come from the input shape.
     *
     * @param out     output channels
     * @param kernel  kernel height and width
     * @param stride  step between kernel positions
     * @param padding zeros added on every side
     * @return {@code [c, h, w] -> [out, (h + 2p - k) / s + 1, (w + 2p - k) / s + 1]}
     */
    public static Conv2d conv2d(int out, int kernel, int stride, int padding) {
        return new Conv2d(out, kernel, stride, padding);
    }

    /**
     * A transposed 2-d convolution, PyTorch's {@code nn.ConvTranspose2d(in, out, kernel, stride, padding,
     * output_padding)} with a bias.
     *
     * @param out           output channels
     * @param kernel        kernel height and width
     * @param stride        stride of the convolution this one transposes
     * @param padding       the padding of the convolution this one transposes: rows and columns removed on every side
     * @param outputPadding rows and columns added at the bottom and right, less than {@code stride}
     * @return {@code [c, h, w] -> [out, (h - 1) s - 2p + k + op, (w - 1) s - 2p + k + op]}
     */
    public static ConvTranspose2d convTranspose2d(int out, int kernel, int stride, int padding, int outputPadding) {
        return new ConvTranspose2d(out, kernel, stride, padding, outputPadding);
    }

    /**
     * Batch normalisation over the channels of images ({@code nn.BatchNorm2d}) or the features of rows
     * ({@code nn.BatchNorm1d}), with PyTorch's defaults: momentum 0.1, eps 1e-5, learnable scale and shift.
     *
     * @return the same shape out as in
     */
    public static BatchNorm batchNorm() {
        return new BatchNorm(BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPS);
    }

    /**
     * Dropout, PyTorch's {@code nn.Dropout(p)}: in training each value is zeroed with probability {@code p} and the
     * others scaled by {@code 1 / (1 - p)}; in evaluation the identity.
     *
     * @param p the probability of dropping a value, in [0, 1)
     * @return the same shape out as in
     */
    public static Dropout dropout(double p) {
        return new Dropout(p);
    }

    /**
     * The same values in another shape, like PyTorch's {@code view}.
     *
     * @param dims the new shape (without the batch), of the same size
     * @return {@code [...] -> dims}
     */
    public static Reshape reshape(int... dims) {
        return new Reshape(Shape.of(dims));
    }

    /** {@return {@code [c, h, w] -> [c * h * w]}, PyTorch's {@code nn.Flatten()}} */
    public static Flatten flatten() {
        return new Flatten();
    }

    /** {@return {@code max(x, 0)}} */
    public static Relu relu() {
        return new Relu();
    }

    /**
     * {@code x > 0 ? x : slope * x}.
     *
     * @param slope the slope for negative inputs, in [0, 1) (PyTorch's default is 0.01; 0 is ReLU)
     * @return the activation: the same shape out as in
     */
    public static LeakyRelu leakyRelu(double slope) {
        return new LeakyRelu(slope);
    }

    /** {@return {@code tanh(x)}} */
    public static Tanh tanh() {
        return new Tanh();
    }

    /** {@return {@code 1 / (1 + exp(-x))}} */
    public static Sigmoid sigmoid() {
        return new Sigmoid();
    }

    /** {@return the identity (a network's output layer without an activation)} */
    public static Identity identity() {
        return new Identity();
    }

    /**
     * Spectral normalisation of a dense layer's weight, PyTorch's {@code nn.utils.spectral_norm(nn.Linear(...))}:
     * the layer computes with {@code W / sigma(W)}, {@code sigma} estimated by one power iteration per training
     * forward pass.
     *
     * @param layer the layer whose weight is normalised
     * @return the wrapped layer: its shapes and parameter count are {@code layer}'s
     */
    public static SpectralNorm spectralNorm(Dense layer) {
        return new SpectralNorm(layer);
    }

    /**
     * Spectral normalisation of a convolution's weight (reshaped to {@code [out, in * k * k]}), PyTorch's
     * {@code nn.utils.spectral_norm(nn.Conv2d(...))}.
     *
     * @param layer the convolution whose weight is normalised
     * @return the wrapped layer: its shapes and parameter count are {@code layer}'s
     */
    public static SpectralNorm spectralNorm(Conv2d layer) {
        return new SpectralNorm(layer);
    }

    /**
     * A projection discriminator's head (Miyato and Koyama 2018, "cGANs with Projection Discriminator"):
     * {@code D(x, y) = psi(phi(x)) + <embed(y), phi(x)>}, with {@code phi} the {@code features} network,
     * {@code psi} a linear map to one value and {@code embed} one learnt vector per class. Its input rows are the
     * image (the features' input) followed by the one-hot of the label, as a conditional run's discriminator gets
     * them, so the number of classes is what is left of the row: {@code [imageSize + classes] -> [1]}. Give it as
     * the discriminator's only layer: {@code NetworkSpec.sequential(Shape.vector(784 + 10), projection(features))}.
     *
     * @param features {@code phi}, from the image to a vector of features (end it with {@code flatten()})
     * @return {@code [features' input size + classes] -> [1]}
     */
    public static Projection projection(NetworkSpec features) {
        return new Projection(features);
    }

    // ---- the kinds ----

    /**
     * See {@link Layers#dense}.
     *
     * @param out output features
     */
    public record Dense(int out) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param out output features, positive
         * @throws IllegalArgumentException if {@code out} is not positive
         */
        public Dense {
            positive("dense", "out", out);
        }

        @Override
        public String kind() {
            return "dense";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("out", out);
        }

        @Override
        public Shape outputShape(Shape input) {
            requireVector(this, input, "add flatten() before it");
            return Shape.vector(out);
        }

        @Override
        public long parameterCount(Shape input) {
            return (long) input.size() * out + out;
        }

        @Override
        public boolean doubleBackward() {
            return true;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#conv2d}.
     *
     * @param out     output channels
     * @param kernel  kernel height and width (kernels are square)
     * @param stride  step between kernel positions, in pixels, both directions
     * @param padding zeros added on every side, in pixels
     */
    public record Conv2d(int out, int kernel, int stride, int padding) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param out     output channels, positive
         * @param kernel  kernel height and width, positive
         * @param stride  step between kernel positions, positive
         * @param padding zeros added on every side, at least 0
         * @throws IllegalArgumentException if a setting is out of range (naming it)
         */
        public Conv2d {
            positive("conv2d", "out", out);
            positive("conv2d", "kernel", kernel);
            positive("conv2d", "stride", stride);
            nonNegative("conv2d", "padding", padding);
        }

        @Override
        public String kind() {
            return "conv2d";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("out", out, "kernel", kernel, "stride", stride, "padding", padding);
        }

        @Override
        public Shape outputShape(Shape input) {
            requireImage(this, input);
            int h = (input.dim(1) + 2 * padding - kernel) / stride + 1;
            int w = (input.dim(2) + 2 * padding - kernel) / stride + 1;
            if (input.dim(1) + 2 * padding < kernel || input.dim(2) + 2 * padding < kernel) {
                throw new IllegalArgumentException("kernel " + kernel + " is larger than the padded input "
                        + input + " (padding " + padding + ")");
            }
            return Shape.image(out, h, w);
        }

        @Override
        public long parameterCount(Shape input) {
            return (long) out * input.dim(0) * kernel * kernel + out;
        }

        @Override
        public boolean doubleBackward() {
            return true;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#convTranspose2d}.
     *
     * @param out           output channels
     * @param kernel        kernel height and width (kernels are square)
     * @param stride        stride of the convolution this one transposes: the upsampling factor
     * @param padding       padding of the convolution this one transposes (it removes rows and columns here)
     * @param outputPadding extra rows and columns at the bottom and right
     */
    public record ConvTranspose2d(int out, int kernel, int stride, int padding, int outputPadding)
            implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param out           output channels, positive
         * @param kernel        kernel height and width, positive
         * @param stride        stride of the convolution this one transposes, positive
         * @param padding       its padding, at least 0
         * @param outputPadding rows and columns added at the bottom and right, in {@code [0, stride)}
         * @throws IllegalArgumentException if a setting is out of range (naming it)
         */
        public ConvTranspose2d {
            positive("convTranspose2d", "out", out);
            positive("convTranspose2d", "kernel", kernel);
            positive("convTranspose2d", "stride", stride);
            nonNegative("convTranspose2d", "padding", padding);
            nonNegative("convTranspose2d", "outputPadding", outputPadding);
            Preconditions.checkArgument(outputPadding < stride,
                    "convTranspose2d: outputPadding must be smaller than stride (as in PyTorch), got %s and %s",
                    outputPadding, stride);
        }

        @Override
        public String kind() {
            return "convTranspose2d";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("out", out, "kernel", kernel, "stride", stride, "padding", padding, "outputPadding",
                    outputPadding);
        }

        @Override
        public Shape outputShape(Shape input) {
            requireImage(this, input);
            int h = (input.dim(1) - 1) * stride - 2 * padding + kernel + outputPadding;
            int w = (input.dim(2) - 1) * stride - 2 * padding + kernel + outputPadding;
            if (h <= 0 || w <= 0) {
                throw new IllegalArgumentException("the output of " + input + " would be " + h + "x" + w
                        + ": padding " + padding + " is too large");
            }
            return Shape.image(out, h, w);
        }

        @Override
        public long parameterCount(Shape input) {
            return (long) input.dim(0) * out * kernel * kernel + out;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#batchNorm}.
     *
     * @param momentum weight of the current batch in the running statistics (PyTorch's momentum)
     * @param eps      added to the variance before the square root
     */
    public record BatchNorm(double momentum, double eps) implements LayerSpec {
        /** PyTorch's default momentum. */
        public static final double DEFAULT_MOMENTUM = 0.1;
        /** PyTorch's default eps. */
        public static final double DEFAULT_EPS = 1e-5;

        /**
         * Checks the settings.
         *
         * @param momentum weight of the current batch in the running statistics, in {@code (0, 1]}
         * @param eps      added to the variance before the square root, positive and finite
         * @throws IllegalArgumentException if a setting is out of range
         */
        public BatchNorm {
            Preconditions.checkArgument(momentum > 0 && momentum <= 1, "batchNorm: momentum must be in (0, 1], "
                    + "got %s", momentum);
            Preconditions.checkArgument(eps > 0 && Double.isFinite(eps), "batchNorm: eps must be positive, got %s",
                    eps);
        }

        @Override
        public String kind() {
            return "batchNorm";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("momentum", momentum, "eps", eps);
        }

        @Override
        public Shape outputShape(Shape input) {
            if (!input.isImage() && !input.isVector()) {
                throw new IllegalArgumentException("batchNorm normalises images [c, h, w] or rows [features], got "
                        + input);
            }
            return input;
        }

        /** {@return the number of normalised channels (images) or features (rows)} */
        static int features(Shape input) {
            return input.dim(0);
        }

        @Override
        public long parameterCount(Shape input) {
            return 2L * features(input);
        }

        @Override
        public boolean batchDependent() {
            return true;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#dropout}.
     *
     * @param p the probability of dropping a value in training, in {@code [0, 1)}
     */
    public record Dropout(double p) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param p the probability of dropping a value, in {@code [0, 1)}
         * @throws IllegalArgumentException if {@code p} is out of range
         */
        public Dropout {
            Preconditions.checkArgument(p >= 0 && p < 1, "dropout: p must be in [0, 1), got %s", p);
        }

        @Override
        public String kind() {
            return "dropout";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("p", p);
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#reshape}.
     *
     * @param to the shape of one example after the layer, without the batch dimension
     */
    public record Reshape(Shape to) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param to the new shape of one example; its size must equal the input's (checked by {@link #outputShape})
         * @throws NullPointerException if {@code to} is null
         */
        public Reshape {
            java.util.Objects.requireNonNull(to, "to");
        }

        @Override
        public String kind() {
            return "reshape";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("to", to);
        }

        @Override
        public Shape outputShape(Shape input) {
            if (input.size() != to.size()) {
                throw new IllegalArgumentException("cannot reshape " + input + " (" + input.size() + " values) to "
                        + to + " (" + to.size() + " values)");
            }
            return to;
        }

        @Override
        public boolean doubleBackward() {
            return true;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /** See {@link Layers#flatten}. */
    public record Flatten() implements LayerSpec {
        @Override
        public String kind() {
            return "flatten";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }

        @Override
        public Shape outputShape(Shape input) {
            return input.flat();
        }

        @Override
        public boolean doubleBackward() {
            return true;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /** An elementwise activation: the same shape out as in, no parameters. */
    public sealed interface ActivationSpec extends LayerSpec permits Relu, LeakyRelu, Tanh, Sigmoid, Identity {
        @Override
        default Shape outputShape(Shape input) {
            return input;
        }

        @Override
        default boolean doubleBackward() {
            return true;
        }
    }

    /** See {@link Layers#relu}. */
    public record Relu() implements ActivationSpec {
        @Override
        public String kind() {
            return "relu";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#leakyRelu}.
     *
     * @param slope the slope for negative inputs
     */
    public record LeakyRelu(double slope) implements ActivationSpec {
        /**
         * Checks the settings.
         *
         * @param slope the slope for negative inputs, in {@code [0, 1)} (0 is ReLU)
         * @throws IllegalArgumentException if {@code slope} is out of range
         */
        public LeakyRelu {
            Preconditions.checkArgument(slope >= 0 && slope < 1, "leakyRelu: slope must be in [0, 1), got %s",
                    slope);
        }

        @Override
        public String kind() {
            return "leakyRelu";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("slope", slope);
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /** See {@link Layers#tanh}. */
    public record Tanh() implements ActivationSpec {
        @Override
        public String kind() {
            return "tanh";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /** See {@link Layers#sigmoid}. */
    public record Sigmoid() implements ActivationSpec {
        @Override
        public String kind() {
            return "sigmoid";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /** See {@link Layers#identity}. */
    public record Identity() implements ActivationSpec {
        @Override
        public String kind() {
            return "identity";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#spectralNorm(Dense)}: PyTorch's {@code torch.nn.utils.spectral_norm} with its defaults (one
     * power iteration per training forward pass, eps 1e-12, the weight reshaped to {@code [out, rest]}). The
     * layer's parameters are PyTorch's {@code weight_orig} and {@code bias}; its buffers {@code weight_u} and
     * {@code weight_v}, saved with the network.
     *
     * @param layer the wrapped layer: a {@link Dense} or a {@link Conv2d}
     */
    public record SpectralNorm(LayerSpec layer) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param layer the wrapped layer, a {@code dense} or a {@code conv2d}
         * @throws IllegalArgumentException if {@code layer} is another kind (the message names it)
         * @throws NullPointerException     if {@code layer} is null
         */
        public SpectralNorm {
            java.util.Objects.requireNonNull(layer, "layer");
            if (!(layer instanceof Dense || layer instanceof Conv2d)) {
                throw new IllegalArgumentException("spectralNorm wraps a dense or conv2d layer, got " + layer);
            }
        }

        @Override
        public String kind() {
            return "spectralNorm";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("layer", layer);
        }

        @Override
        public Shape outputShape(Shape input) {
            return layer.outputShape(input);
        }

        @Override
        public long parameterCount(Shape input) {
            return layer.parameterCount(input);
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * See {@link Layers#projection}. Parameters, after the features' ({@code features.<i>.<name>}):
     * {@code linear.weight} {@code [1, F]} and {@code linear.bias} {@code [1]} ({@code psi}, PyTorch's
     * {@code nn.Linear(F, 1)}), {@code embed.weight} {@code [classes, F]} (PyTorch's {@code nn.Embedding(classes,
     * F)}), {@code F} the features' size.
     *
     * @param features the feature network {@code phi}: from the image to a vector
     */
    public record Projection(NetworkSpec features) implements LayerSpec {
        /**
         * Checks the features.
         *
         * @param features the feature network, ending in a vector
         * @throws IllegalArgumentException if the features do not end in a vector
         * @throws NullPointerException     if {@code features} is null
         */
        public Projection {
            java.util.Objects.requireNonNull(features, "features");
            if (!features.outputShape().isVector()) {
                throw new IllegalArgumentException("projection: the features must end in a vector (add flatten()), "
                        + "got " + features.outputShape());
            }
        }

        @Override
        public String kind() {
            return "projection";
        }

        @Override
        public Map<String, Object> arguments() {
            return args("input", features.inputShape(), "features", features.layers());
        }

        /** {@return the size of a row's features, {@code F}} */
        public int featureSize() {
            return features.outputShape().size();
        }

        /**
         * The number of classes a row of {@code input} carries after the image.
         *
         * @param input the layer's input shape
         * @return {@code input.size() - features.inputShape().size()}
         */
        public int classes(Shape input) {
            return input.size() - features.inputShape().size();
        }

        @Override
        public Shape outputShape(Shape input) {
            requireVector(this, input, "a projection takes the image rows followed by the one-hot of the label");
            if (classes(input) < 2) {
                throw new IllegalArgumentException("projection takes the features' input " + features.inputShape()
                        + " (" + features.inputShape().size() + " values) followed by the one-hot of at least 2 "
                        + "classes, got " + input);
            }
            return Shape.vector(1);
        }

        @Override
        public long parameterCount(Shape input) {
            long f = featureSize();
            return features.parameterCount() + f + 1 + classes(input) * f;
        }

        @Override
        public boolean batchDependent() {
            return features.batchDependent();
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    // ---- the text form ----

    /**
     * The deepest nesting of parentheses and brackets a layer's text may have: a wrapper of a layer needs 2, a shape
     * setting 2. Checked before anything is parsed, so a hostile text (a generator file's manifest) cannot make the
     * parser recurse once per level, copying the rest of the text each time.
     */
    static final int MAX_NESTING = 8;

    /** How each kind is read back from its text form: one line per kind. */
    private static final Map<String, Function<Arguments, LayerSpec>> PARSERS = Map.ofEntries(
            Map.entry("dense", a -> new Dense(a.integer("out"))),
            Map.entry("conv2d", a -> new Conv2d(a.integer("out"), a.integer("kernel"), a.integer("stride"),
                    a.integer("padding"))),
            Map.entry("convTranspose2d", a -> new ConvTranspose2d(a.integer("out"), a.integer("kernel"),
                    a.integer("stride"), a.integer("padding"), a.integer("outputPadding"))),
            Map.entry("batchNorm", a -> new BatchNorm(a.decimal("momentum"), a.decimal("eps"))),
            Map.entry("dropout", a -> new Dropout(a.decimal("p"))),
            Map.entry("reshape", a -> new Reshape(a.shape("to"))),
            Map.entry("flatten", a -> new Flatten()),
            Map.entry("relu", a -> new Relu()),
            Map.entry("leakyRelu", a -> new LeakyRelu(a.decimal("slope"))),
            Map.entry("tanh", a -> new Tanh()),
            Map.entry("sigmoid", a -> new Sigmoid()),
            Map.entry("identity", a -> new Identity()),
            Map.entry("spectralNorm", a -> new SpectralNorm(a.layer("layer"))),
            Map.entry("projection", a -> new Projection(a.network("input", "features"))));

    /**
     * Reads a layer from its text form, e.g. {@code conv2d(out=64, kernel=4, stride=2, padding=1)}.
     *
     * @param text what a layer spec's {@code toString()} wrote
     * @return the layer
     * @throws IllegalArgumentException naming the unknown kind, the missing or unknown setting, or the bad value
     */
    public static LayerSpec parse(String text) {
        checkNesting(text);
        String t = text.trim();
        int open = t.indexOf('(');
        if (open <= 0 || !t.endsWith(")")) {
            throw new IllegalArgumentException("a layer is written like kind(name=value, ...), got '" + text + "'");
        }
        String kind = t.substring(0, open);
        Function<Arguments, LayerSpec> parser = PARSERS.get(kind);
        if (parser == null) {
            throw new IllegalArgumentException("unknown layer kind '" + kind + "' in '" + text + "'; known: "
                    + new java.util.TreeSet<>(PARSERS.keySet()));
        }
        Arguments args = Arguments.parse(kind, t.substring(open + 1, t.length() - 1));
        LayerSpec spec = parser.apply(args);
        args.checkAllUsed();
        return spec;
    }

    private static void checkNesting(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                if (++depth > MAX_NESTING) {
                    throw new IllegalArgumentException("a layer's text nests brackets at most " + MAX_NESTING
                            + " deep, got more in '" + (text.length() > 60 ? text.substring(0, 60) + "..." : text)
                            + "'");
                }
            } else if (c == ')' || c == ']') {
                depth--;
            }
        }
    }

    static String text(LayerSpec spec) {
        StringBuilder s = new StringBuilder(spec.kind()).append('(');
        String sep = "";
        for (Map.Entry<String, Object> e : spec.arguments().entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return s.append(')').toString();
    }

    private static Map<String, Object> args(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void positive(String kind, String name, int value) {
        Preconditions.checkArgument(value > 0, "%s: %s must be positive, got %s", kind, name, value);
    }

    private static void nonNegative(String kind, String name, int value) {
        Preconditions.checkArgument(value >= 0, "%s: %s must be at least 0, got %s", kind, name, value);
    }

    private static void requireImage(LayerSpec spec, Shape input) {
        if (!input.isImage()) {
            throw new IllegalArgumentException(spec.kind() + " takes images [channels, height, width], got "
                    + input + (input.isVector() ? ": add reshape(c, h, w) before it" : ""));
        }
    }

    private static void requireVector(LayerSpec spec, Shape input, String hint) {
        if (!input.isVector()) {
            throw new IllegalArgumentException(spec.kind() + " takes rows [features], got " + input + ": " + hint);
        }
    }

    /** The {@code name=value} settings of a layer's text form. */
    private static final class Arguments {
        private final String kind;
        private final Map<String, String> values;
        private final java.util.Set<String> used = new java.util.HashSet<>();

        private Arguments(String kind, Map<String, String> values) {
            this.kind = kind;
            this.values = values;
        }

        static Arguments parse(String kind, String inner) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String part : splitTopLevel(inner)) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(kind + ": expected name=value, got '" + part.trim() + "'");
                }
                String name = part.substring(0, eq).trim();
                if (values.put(name, part.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException(kind + ": " + name + " is given twice");
                }
            }
            return new Arguments(kind, values);
        }

        private static List<String> splitTopLevel(String s) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    parts.add(s.substring(start, i));
                    start = i + 1;
                }
            }
            parts.add(s.substring(start));
            return parts;
        }

        private String raw(String name) {
            String v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException(kind + ": missing setting " + name);
            }
            used.add(name);
            return v;
        }

        int integer(String name) {
            String v = raw(name);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(kind + ": " + name + " must be an integer, got '" + v + "'");
            }
        }

        double decimal(String name) {
            String v = raw(name);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(kind + ": " + name + " must be a number, got '" + v + "'");
            }
        }

        Shape shape(String name) {
            return Shape.parse(raw(name));
        }

        LayerSpec layer(String name) {
            String v = raw(name);
            try {
                return Layers.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(kind + ": " + name + ": " + e.getMessage(), e);
            }
        }

        /** A network from a shape setting and a setting listing layers, {@code [kind(...), kind(...)]}. */
        NetworkSpec network(String inputName, String layersName) {
            Shape input = shape(inputName);
            String v = raw(layersName).trim();
            if (!v.startsWith("[") || !v.endsWith("]")) {
                throw new IllegalArgumentException(kind + ": " + layersName + " must list layers in brackets, "
                        + "[kind(...), ...], got '" + v + "'");
            }
            List<LayerSpec> layers = new ArrayList<>();
            for (String part : splitTopLevel(v.substring(1, v.length() - 1))) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    layers.add(Layers.parse(part));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(kind + ": " + layersName + " " + layers.size() + ": "
                            + e.getMessage(), e);
                }
            }
            try {
                return NetworkSpec.sequential(input, layers);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(kind + ": " + layersName + ": " + e.getMessage(), e);
            }
        }

        void checkAllUsed() {
            for (String name : values.keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalArgumentException(kind + ": unknown setting " + name + " (" + kind + " takes "
                            + (used.isEmpty() ? "no settings" : String.join(", ", used)) + ")");
                }
            }
        }
    }
}
