package org.gan4j.nd4j.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gan4j.eval.FeatureExtractor;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.nd4j.Nd4jEngine;
import org.gan4j.nd4j.layers.Layer;
import org.gan4j.nd4j.layers.NamedBuffer;
import org.gan4j.nd4j.layers.NamedParameter;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.loss.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs a {@link FeatureNetwork} with the ND4J engine: the network built from its spec in FLOAT with the trained
 * parameters and buffers copied in, evaluated in eval mode {@value #BATCH} images at a time (the layers' buffers are
 * reused from batch to batch).
 */
public final class Nd4jFeatureExtractor implements FeatureExtractor {

    /**
     * Images per forward pass: large enough for efficient matrix products (a 28x28 image is 196 columns of the
     * second convolution's im2col matrix already), small enough for little memory: the layers keep every activation
     * and im2col buffer of a batch, about 1.2 MB per image, so 500 images held 600 MB per extractor.
     */
    static final int BATCH = 128;

    private final FeatureNetwork network;
    private final Sequential net;

    /**
     * Builds the network and loads its state.
     *
     * @param engine  builds the network
     * @param network the trained feature network
     * @throws IllegalArgumentException if the engine cannot build a layer, or the network's parameters or buffers do
     *                                  not match what its spec builds (names or sizes)
     */
    public Nd4jFeatureExtractor(Nd4jEngine engine, FeatureNetwork network) {
        this.network = network;
        this.net = engine.build(network.spec(), DataType.FLOAT, 0);
        Map<String, INDArray> parameters = network.parameters();
        List<NamedParameter> mine = net.namedParameters();
        if (!List.copyOf(parameters.keySet()).equals(mine.stream().map(NamedParameter::name).toList())) {
            throw new IllegalArgumentException("feature network " + network.name() + " holds parameters "
                    + parameters.keySet() + " but its spec builds " + mine.stream().map(NamedParameter::name).toList());
        }
        for (NamedParameter p : mine) {
            assign(p.name(), p.value(), parameters.get(p.name()));
        }
        Map<String, INDArray> buffers = network.buffers();
        List<NamedBuffer> myBuffers = net.namedBuffers();
        if (!List.copyOf(buffers.keySet()).equals(myBuffers.stream().map(NamedBuffer::name).toList())) {
            throw new IllegalArgumentException("feature network " + network.name() + " holds buffers "
                    + buffers.keySet() + " but its spec builds " + myBuffers.stream().map(NamedBuffer::name).toList());
        }
        for (NamedBuffer b : myBuffers) {
            assign(b.name(), b.value(), buffers.get(b.name()));
        }
    }

    private void assign(String name, INDArray target, INDArray value) {
        if (target.length() != value.length()) {
            throw new IllegalArgumentException("feature network " + network.name() + ": " + name + " holds "
                    + value.length() + " values, its spec's layer " + target.length());
        }
        target.assign(value.reshape(target.shape()).castTo(target.dataType()));
    }

    @Override
    public FeatureNetwork network() {
        return network;
    }

    @Override
    public INDArray features(INDArray images) {
        return run(images, true, false).features();
    }

    @Override
    public INDArray probabilities(INDArray images) {
        return run(images, false, true).probabilities();
    }

    @Override
    public Outputs outputs(INDArray images) {
        return run(images, true, true);
    }

    /** One pass, stopping after the feature layer when the probabilities are not wanted. */
    private Outputs run(INDArray images, boolean wantFeatures, boolean wantProbabilities) {
        int size = network.imageShape().size();
        if (images.rank() != 2 || images.columns() != size) {
            throw new IllegalArgumentException("images are " + Arrays.toString(images.shape()) + " but feature network "
                    + network.name() + " takes [n, " + size + "] (images of " + network.imageShape() + ")");
        }
        int n = (int) images.rows();
        INDArray features = wantFeatures ? Nd4j.create(DataType.DOUBLE, n, network.featureSize()) : null;
        INDArray probabilities = wantProbabilities ? Nd4j.create(DataType.DOUBLE, n, network.classNames().size())
                : null;
        List<Layer> layers = net.layers();
        int last = wantProbabilities ? layers.size() - 1 : network.featureLayer();
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray x = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.FLOAT)
                    .dup('c');
            double sum = x.sumNumber().doubleValue();
            if (!Double.isFinite(sum)) {
                throw new IllegalArgumentException("images: rows " + from + ".." + (to - 1) + " hold NaN or infinite "
                        + "values; feature network " + network.name() + " needs finite pixels in [-1, 1]");
            }
            INDArray y = x;
            for (int i = 0; i <= last; i++) {
                y = layers.get(i).forward(y, false);
                if (i == network.featureLayer() && features != null) {
                    features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(y.castTo(DataType.DOUBLE));
                }
            }
            if (probabilities != null) {
                probabilities.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                        .assign(SoftmaxCrossEntropy.softmax(y));
            }
        }
        return new Outputs(features, probabilities);
    }

    @Override
    public String toString() {
        return "Nd4jFeatureExtractor[" + network + "]";
    }
}
