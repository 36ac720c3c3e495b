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
         * @param spec   the layer's settings
         * @param input  the shape of one example entering it
         * @param output the shape leaving it (inferred by the spec)
         */
        Layer make(S spec, Shape input, Shape output, Kernels kernels, DataType dataType);
    }

    private static final Map<Class<? extends LayerSpec>, Maker<?>> MAKERS = new HashMap<>();

    private static <S extends LayerSpec> void register(Class<S> kind, Maker<S> maker) {
        MAKERS.put(kind, maker);
    }

    static {
        register(Layers.Dense.class, (s, in, out, k, t) -> new Dense(k, t, in.size(), s.out()));
        register(Layers.Relu.class, (s, in, out, k, t) -> new LeakyRelu(k, t, in.size(), 0));
        register(Layers.LeakyRelu.class, (s, in, out, k, t) -> new LeakyRelu(k, t, in.size(), s.slope()));
        register(Layers.Tanh.class, (s, in, out, k, t) -> new Tanh(k, t, in.size()));
        register(Layers.Sigmoid.class, (s, in, out, k, t) -> new Sigmoid(k, t, in.size()));
        register(Layers.Identity.class, (s, in, out, k, t) -> new PassThrough("Identity", t, in.size()));
        register(Layers.Reshape.class, (s, in, out, k, t) -> new PassThrough("Reshape(" + in + " -> " + out + ")",
                t, in.size()));
        register(Layers.Flatten.class, (s, in, out, k, t) -> new PassThrough("Flatten(" + in + ")", t, in.size()));
    }

    private final Kernels kernels;

    /**
     * A factory whose networks compute with {@code kernels}.
     *
     * @param kernels the arithmetic of every layer built
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
     * @throws IllegalArgumentException if a layer kind has no implementation here (naming it and its position)
     */
    public Sequential build(NetworkSpec spec, DataType dataType, long seed) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            layers.add(make(spec.layers().get(i), spec.inputShapeOf(i), spec.inputShapeOf(i + 1), dataType, i));
        }
        return new Sequential(kernels, dataType, layers).describedBy(spec).initialize(seed);
    }

    @SuppressWarnings("unchecked")
    private <S extends LayerSpec> Layer make(S spec, Shape in, Shape out, DataType dataType, int position) {
        Maker<S> maker = (Maker<S>) MAKERS.get(spec.getClass());
        if (maker == null) {
            throw new IllegalArgumentException("layer " + position + " (" + spec + "): the nd4j provider has no "
                    + "implementation of " + spec.getClass().getName());
        }
        return maker.make(spec, in, out, kernels, dataType);
    }
}
