package org.gan4j.nd4j.layers;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Discriminator;
import org.gan4j.Generator;
import org.gan4j.Network;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nn.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Layers applied in order, {@code [batch, first.inputSize] -> [batch, last.outputSize]}. All parameters live in one
 * flat buffer and all gradients in another; each layer works on views of them, so an optimizer step or a checkpoint
 * touches one array. It can play either GAN role: as a {@link Discriminator} its last layer must output one logit.
 */
public final class Sequential implements Generator, Discriminator {

    private final Kernels kernels;
    private final DataType dataType;
    private final ImmutableList<Layer> layers;
    private final INDArray params;
    private final INDArray grads;
    /** Where each layer's parameters start in {@link #params}; {@code offsets[size]} is their count. */
    private final long[] offsets;
    /** What the network was built from, if anything (see {@link Network#spec()}). */
    private NetworkSpec spec;
    /** What built this network from {@link #spec}, for {@link #copy()}. */
    private NetworkFactory factory;
    /** {@link #zeroGrad()} was called and no backward pass has written the gradients since. */
    private boolean gradientsZeroPending;

    /**
     * Chains layers and allocates their parameters (zero until {@link #initialize}): one flat parameter buffer and
     * one gradient buffer, of which each layer gets its views ({@link Layer#bind}), first layer first.
     *
     * @param kernels  the arithmetic of the network-level work (zeroing the gradients)
     * @param dataType FLOAT or DOUBLE: the type of the buffers, which must be the layers' type
     * @param layers   the layers, input side first, at least one; copied, and each bound to this network (do not put
     *                 a layer into two networks)
     * @throws IllegalArgumentException if there is no layer, a layer's input size differs from the previous layer's
     *                                  output size, or there is no parameter at all
     */
    public Sequential(Kernels kernels, DataType dataType, List<? extends Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential needs at least one layer");
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.layers = ImmutableList.copyOf(layers);
        long count = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (i > 0 && layer.inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("layer " + i + " (" + layer + ") takes " + layer.inputSize()
                        + " inputs but layer " + (i - 1) + " (" + layers.get(i - 1) + ") outputs "
                        + layers.get(i - 1).outputSize());
            }
            count += layer.parameterCount();
        }
        if (count == 0) {
            throw new IllegalArgumentException("Sequential has no trainable parameter: " + layers);
        }
        this.params = Nd4j.zeros(dataType, count);
        this.grads = Nd4j.zeros(dataType, count);
        this.offsets = new long[layers.size() + 1];
        long offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long n = layer.parameterCount();
            if (n > 0) {
                layer.bind(params.get(NDArrayIndex.interval(offset, offset + n)),
                        grads.get(NDArrayIndex.interval(offset, offset + n)));
            }
            offsets[i] = offset;
            offset += n;
        }
        offsets[layers.size()] = offset;
    }

    /**
     * Draws every layer's initial parameters from one generator, first layer first (each layer as PyTorch initialises
     * it); buffers such as BatchNorm's running statistics are left as they are.
     *
     * @param seed fixes the parameters: the same seed gives the same network
     * @return this network
     */
    public Sequential initialize(long seed) {
        SeededRandom random = new SeededRandom(seed);
        for (Layer layer : layers) {
            layer.initialize(random);
        }
        return this;
    }

    /**
     * Records the description this network was built from (returned by {@link #spec()}) and what built it.
     *
     * @param networkSpec the spec whose layers these are
     * @param madeBy      the factory that built them, which {@link #copy()} asks for another
     * @return this network
     */
    Sequential describedBy(NetworkSpec networkSpec, NetworkFactory madeBy) {
        this.spec = networkSpec;
        this.factory = madeBy;
        return this;
    }

    /**
     * A new network of the same spec with a copy of this one's parameters and buffers (dropout's mask stream
     * included), sharing nothing with it: for an EMA generator, background evaluation or replicas.
     *
     * @return the copy
     * @throws UnsupportedOperationException for a network not built from a spec (nothing to rebuild it from)
     */
    @Override
    public Sequential copy() {
        if (spec == null) {
            throw new UnsupportedOperationException("a Sequential assembled by hand cannot be copied; build it from a "
                    + "NetworkSpec");
        }
        Sequential c = factory.build(spec, dataType, 0);
        c.params.assign(params);
        java.util.Map<String, INDArray> mine = buffers();
        for (java.util.Map.Entry<String, INDArray> b : c.buffers().entrySet()) {
            b.getValue().assign(mine.get(b.getKey()));
        }
        return c;
    }

    @Override
    public java.util.Optional<NetworkSpec> spec() {
        return java.util.Optional.ofNullable(spec);
    }

    /** {@return the layers, input side first, as an immutable list of the live layers} */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Every parameter under its PyTorch-style name, e.g. {@code 0.weight}, {@code 2.bias}: the layer's position, a
     * dot and the layer's own name for it.
     *
     * @return a new list, in layer order; the arrays in it are live views into {@link #parameters()} and
     *         {@link #gradients()} (after {@link #zeroGrad()} the gradient views hold stale values until a backward
     *         pass or a call of {@link #gradients()}: the zeroing is deferred)
     */
    public List<NamedParameter> namedParameters() {
        List<NamedParameter> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (NamedParameter p : layers.get(i).parameters()) {
                all.add(new NamedParameter(i + "." + p.name(), p.value(), p.gradient()));
            }
        }
        return all;
    }

    /**
     * Every layer's buffers under PyTorch-style names, e.g. {@code 2.running_mean}.
     *
     * @return a new list, in layer order; the arrays in it are the layers' own, live; empty when no layer has
     *         buffers
     */
    public List<NamedBuffer> namedBuffers() {
        List<NamedBuffer> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (NamedBuffer b : layers.get(i).buffers()) {
                all.add(new NamedBuffer(i + "." + b.name(), b.value()));
            }
        }
        return all;
    }

    @Override
    public java.util.Map<String, INDArray> buffers() {
        java.util.Map<String, INDArray> all = new java.util.LinkedHashMap<>();
        for (NamedBuffer b : namedBuffers()) {
            all.put(b.name(), b.value());
        }
        return all;
    }

    @Override
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        INDArray x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, training);
        }
        return x;
    }

    /**
     * {@code forward(x, true)} at the interpolates {@code x_i = w_i a_i + (1 - w_i) b_i}, right after
     * {@code forward([a; b], true)} with the same parameters: the layers before the first {@link AffineLayer} (which
     * must only reshape) run on {@code x}, that layer interpolates its last outputs
     * ({@link AffineLayer#forwardInterpolated}), the rest run on what it gives. A network whose first layer that
     * computes anything is not affine runs {@code forward(x, true)}.
     *
     * @param x       the interpolates, {@code [n, inputSize()]}
     * @param weights {@code w}, one per row
     * @return the output, as {@code forward(x, true)} returns it up to rounding
     */
    public INDArray forwardInterpolated(INDArray x, double[] weights) {
        int first = 0;
        while (first < layers.size() && layers.get(first) instanceof PassThrough) {
            first++;
        }
        if (first == layers.size() || !(layers.get(first) instanceof AffineLayer affine)) {
            return forward(x, true);
        }
        INDArray y = x;
        for (int i = 0; i < first; i++) {
            y = layers.get(i).forward(y, true);
        }
        y = affine.forwardInterpolated(y, weights);
        for (int i = first + 1; i < layers.size(); i++) {
            y = layers.get(i).forward(y, true);
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        return backward(gradOutput, true, true);
    }

    @Override
    public INDArray backwardInput(INDArray gradOutput) {
        return backward(gradOutput, false, true);
    }

    @Override
    public void backwardParameters(INDArray gradOutput) {
        backward(gradOutput, true, false);
    }

    /**
     * {@link #backwardParameters(INDArray)}, handing each layer's parameters to {@code ready} as soon as the layer's
     * backward pass is done (last layer first): from then on the pass reads neither them nor their gradients, so an
     * optimizer can update them at once, while they are still in cache.
     *
     * @param gradOutput the gradient of the loss with respect to the output
     * @param ready      told each range of {@link #parameters()} with its final gradients, once; the ranges of a
     *                   pass cover the whole vector
     */
    public void backwardParameters(INDArray gradOutput, GradientsReady ready) {
        backward(gradOutput, true, false, ready);
    }

    private INDArray backward(INDArray gradOutput, boolean parameterGradients, boolean inputGradient) {
        return backward(gradOutput, parameterGradients, inputGradient, null);
    }

    private INDArray backward(INDArray gradOutput, boolean parameterGradients, boolean inputGradient,
                              GradientsReady ready) {
        GradientMode mode = !parameterGradients ? GradientMode.SKIP
                : gradientsZeroPending ? GradientMode.OVERWRITE : GradientMode.ACCUMULATE;
        INDArray g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, mode, i > 0 || inputGradient);
            if (ready != null && offsets[i + 1] > offsets[i]) {
                ready.ready(offsets[i], offsets[i + 1]);
            }
        }
        if (parameterGradients) {
            gradientsZeroPending = false;
        }
        return g;
    }

    @Override
    public INDArray parameters() {
        return params;
    }

    @Override
    public INDArray gradients() {
        if (gradientsZeroPending) {
            kernels.zero(grads);
            gradientsZeroPending = false;
        }
        return grads;
    }

    /**
     * Sets every gradient to zero. The zeroing is deferred: the next backward pass overwrites the gradients instead
     * of adding to them (or {@link #gradients()} zeros them if it comes first), which saves a pass over all
     * gradients per update.
     */
    @Override
    public void zeroGrad() {
        gradientsZeroPending = true;
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
