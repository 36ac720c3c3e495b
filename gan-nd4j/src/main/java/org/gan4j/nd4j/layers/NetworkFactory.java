package org.gan4j.nd4j.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nn.LayerSpec;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds networks from {@link NetworkSpec}s: the one place where each kind of {@link LayerSpec} meets its
 * implementation. Adding a layer kind means writing its {@link Layer} and adding its line to {@link #MAKERS}.
 */
public final class NetworkFactory {

    /** Makes the implementation of one kind of layer. */
    @FunctionalInterface
    interface Maker<S extends LayerSpec> {
        /**
         * Makes one layer.
         *
         * @param spec    the layer's settings
         * @param input   the shape of one example entering it
         * @param output  the shape leaving it (inferred by the spec)
         * @param context the kernels, data type and layer seed to make it with
         * @return a new, unbound layer of {@code input.size()} inputs and {@code output.size()} outputs per row
         * @throws IllegalArgumentException if this provider does not support the spec's settings
         */
        Layer make(S spec, Shape input, Shape output, Context context);
    }

    /**
     * What every layer is made with.
     *
     * @param kernels  the arithmetic
     * @param dataType FLOAT or DOUBLE
     * @param seed     the layer's own seed, for randomness inside a forward pass (dropout masks): derived from the
     *                 network's seed and the layer's position
     */
    record Context(Kernels kernels, DataType dataType, long seed) {
    }

    private static final Map<Class<? extends LayerSpec>, Maker<?>> MAKERS = new HashMap<>();

    private static <S extends LayerSpec> void register(Class<S> kind, Maker<S> maker) {
        MAKERS.put(kind, maker);
    }

    static {
        register(Layers.Dense.class, (s, in, out, c) -> new Dense(c.kernels(), c.dataType(), in.size(), s.out()));
        register(Layers.Conv2d.class, (s, in, out, c) -> new Conv2d(c.kernels(), c.dataType(), in.dim(0), in.dim(1),
                in.dim(2), s.out(), s.kernel(), s.stride(), s.padding()));
        register(Layers.ConvTranspose2d.class, (s, in, out, c) -> new ConvTranspose2d(c.kernels(), c.dataType(),
                in.dim(0), in.dim(1), in.dim(2), s.out(), s.kernel(), s.stride(), s.padding(), s.outputPadding()));
        register(Layers.BatchNorm.class, (s, in, out, c) -> (in.isImage()
                ? BatchNorm.twoD(c.kernels(), c.dataType(), in.dim(0), in.dim(1), in.dim(2))
                : BatchNorm.oneD(c.kernels(), c.dataType(), in.dim(0))).withMomentumAndEps(s.momentum(), s.eps()));
        register(Layers.Dropout.class, (s, in, out, c) -> new Dropout(c.kernels(), c.dataType(), in.size(), s.p(),
                c.seed()));
        register(Layers.Relu.class, (s, in, out, c) -> new LeakyRelu(c.kernels(), c.dataType(), in.size(), 0));
        register(Layers.LeakyRelu.class, (s, in, out, c) -> new LeakyRelu(c.kernels(), c.dataType(), in.size(),
                s.slope()));
        register(Layers.Tanh.class, (s, in, out, c) -> new Tanh(c.kernels(), c.dataType(), in.size()));
        register(Layers.Sigmoid.class, (s, in, out, c) -> new Sigmoid(c.kernels(), c.dataType(), in.size()));
        register(Layers.Identity.class, (s, in, out, c) -> new PassThrough("Identity", c.dataType(), in.size()));
        register(Layers.Reshape.class, (s, in, out, c) -> new PassThrough("Reshape(" + in + " -> " + out + ")",
                c.dataType(), in.size()));
        register(Layers.Flatten.class, (s, in, out, c) -> new PassThrough("Flatten(" + in + ")", c.dataType(),
                in.size()));
        register(Layers.SpectralNorm.class, (s, in, out, c) -> new SpectralNorm(c.kernels(), c.dataType(),
                layer(s.layer(), in, out, c), c.seed()));
        register(Layers.Projection.class, (s, in, out, c) -> new Projection(c.kernels(), c.dataType(),
                features(s.features(), c), s.features().inputShape().size(), s.classes(in)));
    }

    /** Streams of the layers' own seeds: {@code forStream(networkSeed, LAYER_STREAMS + position)}. */
    static final long LAYER_STREAMS = 1000;

    private final Kernels kernels;

    /**
     * A factory whose networks compute with {@code kernels}.
     *
     * @param kernels the arithmetic of every layer and network built
     */
    public NetworkFactory(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Builds and initialises a network.
     *
     * @param spec     what to build
     * @param dataType FLOAT or DOUBLE
     * @param seed     fixes the initial parameters
     * @return the network, usable as a generator or a discriminator
     * @throws IllegalArgumentException if a layer cannot be built here: a kind without an implementation, or a
     *                                  batchNorm with another momentum or eps than PyTorch's (the message names the
     *                                  layer)
     */
    public Sequential build(NetworkSpec spec, DataType dataType, long seed) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Context context = new Context(kernels, dataType,
                    org.gan4j.SeededRandom.forStream(seed, LAYER_STREAMS + i).nextLong());
            layers.add(make(spec.layers().get(i), spec.inputShapeOf(i), spec.inputShapeOf(i + 1), context, i));
        }
        return new Sequential(kernels, dataType, layers).describedBy(spec, this).initialize(seed);
    }

    /**
     * Checks, before a network is built, that a gradient penalty can differentiate {@code spec}'s network twice:
     * every layer kind has a double-backward here ({@link TwiceDifferentiable}; batchNorm, dropout and
     * convTranspose2d do not).
     *
     * @param spec the critic's spec
     * @param role what the message calls the network, e.g. {@code "discriminator"}
     * @throws IllegalArgumentException naming the first layer without a double-backward and its position, or a layer
     *                                  that cannot be built here at all
     */
    public void requireDoubleBackward(NetworkSpec spec, String role) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            // Unbound layers allocate nothing until their first forward pass, so this costs a few objects.
            layers.add(make(spec.layers().get(i), spec.inputShapeOf(i), spec.inputShapeOf(i + 1),
                    new Context(kernels, DataType.FLOAT, 0), i));
        }
        TwiceDifferentiable.requireAll(layers, role);
    }

    private static Layer make(LayerSpec spec, Shape in, Shape out, Context context, int position) {
        if (!MAKERS.containsKey(spec.getClass())) {
            throw new IllegalArgumentException("layer " + position + " (" + spec + "): the nd4j provider has no "
                    + "implementation of " + spec.getClass().getName());
        }
        return layer(spec, in, out, context);
    }

    /** The layers of a nested network (a projection's features), each with a seed of its own from the layer's. */
    private static List<Layer> features(NetworkSpec spec, Context c) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            Context inner = new Context(c.kernels(), c.dataType(), org.gan4j.SeededRandom.forStream(c.seed(), i)
                    .nextLong());
            LayerSpec s = spec.layers().get(i);
            if (!MAKERS.containsKey(s.getClass())) {
                throw new IllegalArgumentException("feature layer " + i + " (" + s + "): the nd4j provider has no "
                        + "implementation of " + s.getClass().getName());
            }
            layers.add(layer(s, spec.inputShapeOf(i), spec.inputShapeOf(i + 1), inner));
        }
        return layers;
    }

    /** The implementation of a spec (a wrapper's maker makes its wrapped layer with it too). */
    @SuppressWarnings("unchecked")
    private static <S extends LayerSpec> Layer layer(S spec, Shape in, Shape out, Context context) {
        Maker<S> maker = (Maker<S>) MAKERS.get(spec.getClass());
        if (maker == null) {
            throw new IllegalArgumentException(spec + ": the nd4j provider has no implementation of "
                    + spec.getClass().getName());
        }
        return maker.make(spec, in, out, context);
    }
}
