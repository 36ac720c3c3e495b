package org.gan4j.nd4j.layers;

import java.util.ArrayList;
import java.util.List;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A projection discriminator's head (Miyato and Koyama 2018), {@code [batch, imageSize + classes] -> [batch, 1]}:
 * each row is an image followed by the one-hot {@code y} of its label, and
 * {@code D(x, y) = phi(x) w^T + b + <y E, phi(x)>}, with {@code phi} the feature layers ({@code [batch, imageSize] ->
 * [batch, F]}), {@code (w, b)} PyTorch's {@code nn.Linear(F, 1)} and {@code E [classes, F]} the class embeddings
 * ({@code y E} is PyTorch's {@code nn.Embedding(classes, F)(label)} for a one-hot {@code y}).
 *
 * <p>The one-hot comes in the rows because that is how a conditional run feeds its discriminator
 * ({@code org.gan4j.nd4j.Conditioning}); the embedding is a product with it, so the layer stays an ordinary
 * differentiable map of its input (its input gradient includes the label columns', {@code dOut (phi E^T)}, which the
 * step drops). Every product is a GEMM of the kernels and every elementwise step a kernel, on both paths.
 *
 * <p>Parameters: the feature layers' in order ({@code features.<i>.<name>}), then {@code linear.weight [1, F]},
 * {@code linear.bias [1]}, {@code embed.weight [classes, F]}. The linear map is initialised like {@code nn.Linear}
 * (uniform in {@code ±1/sqrt(F)}), and so is the embedding ({@code nn.Embedding}'s own N(0, 1) would start
 * {@code <y E, phi>} at a scale of {@code sqrt(F)}, 80 for the DCGAN features, saturating the logit).
 */
public final class Projection implements Layer {

    private final Kernels kernels;
    private final DataType dataType;
    private final List<Layer> features;
    private final int imageSize;
    private final int classes;
    private final int featureSize;
    private final String name;
    private final BatchBuffers images;
    private final BatchBuffers oneHots;
    private final BatchBuffers embeddings;
    private final BatchBuffers products;
    private final BatchBuffers outputs;
    private final BatchBuffers featureGradients;
    private final BatchBuffers scaled;
    private final BatchBuffers labelGradients;
    private final BatchBuffers inputGradients;
    private final INDArray ones;

    private INDArray weight;
    private INDArray bias;
    private INDArray embed;
    private INDArray weightGrad;
    private INDArray biasGrad;
    private INDArray embedGrad;

    private INDArray lastOneHot;
    private INDArray lastFeatures;
    private INDArray lastEmbedding;
    private INDArray lastOutput;

    /**
     * A projection head over feature layers.
     *
     * @param kernels   the arithmetic
     * @param dataType  FLOAT or DOUBLE
     * @param features  {@code phi}: layers from {@code [batch, imageSize]} to {@code [batch, F]}, chained (each
     *                  layer's input size the previous one's output size); owned by this layer from now on
     * @param imageSize the image values at the start of each row
     * @param classes   the one-hot values after them, at least 2
     * @throws IllegalArgumentException if the feature layers do not chain from {@code imageSize}
     */
    public Projection(Kernels kernels, DataType dataType, List<? extends Layer> features, int imageSize,
                      int classes) {
        if (features.isEmpty() || features.get(0).inputSize() != imageSize) {
            throw new IllegalArgumentException("Projection: the features must take the " + imageSize + " image values");
        }
        for (int i = 1; i < features.size(); i++) {
            if (features.get(i).inputSize() != features.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("Projection: feature layer " + i + " (" + features.get(i)
                        + ") takes " + features.get(i).inputSize() + " values but layer " + (i - 1) + " outputs "
                        + features.get(i - 1).outputSize());
            }
        }
        if (classes < 2) {
            throw new IllegalArgumentException("Projection needs at least 2 classes, got " + classes);
        }
        this.kernels = kernels;
        this.dataType = dataType;
        this.features = List.copyOf(features);
        this.imageSize = imageSize;
        this.classes = classes;
        this.featureSize = features.get(features.size() - 1).outputSize();
        this.name = "Projection(" + imageSize + " + " + classes + " classes, " + featureSize + " features)";
        this.images = new BatchBuffers(dataType, imageSize);
        this.oneHots = new BatchBuffers(dataType, classes);
        this.embeddings = new BatchBuffers(dataType, featureSize);
        this.products = new BatchBuffers(dataType, featureSize);
        this.outputs = new BatchBuffers(dataType, 1);
        this.featureGradients = new BatchBuffers(dataType, featureSize);
        this.scaled = new BatchBuffers(dataType, featureSize);
        this.labelGradients = new BatchBuffers(dataType, classes);
        this.inputGradients = new BatchBuffers(dataType, imageSize + classes);
        this.ones = org.nd4j.linalg.factory.Nd4j.ones(dataType, featureSize, 1);
    }

    @Override
    public int inputSize() {
        return imageSize + classes;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    private long headCount() {
        return (long) featureSize + 1 + (long) classes * featureSize;
    }

    @Override
    public long parameterCount() {
        long n = headCount();
        for (Layer l : features) {
            n += l.parameterCount();
        }
        return n;
    }

    @Override
    public void bind(INDArray params, INDArray grads) {
        long offset = 0;
        for (Layer l : features) {
            long n = l.parameterCount();
            if (n > 0) {
                l.bind(params.get(NDArrayIndex.interval(offset, offset + n)),
                        grads.get(NDArrayIndex.interval(offset, offset + n)));
            }
            offset += n;
        }
        long f = featureSize;
        weight = params.get(NDArrayIndex.interval(offset, offset + f)).reshape('c', 1, f);
        weightGrad = grads.get(NDArrayIndex.interval(offset, offset + f)).reshape('c', 1, f);
        offset += f;
        bias = params.get(NDArrayIndex.interval(offset, offset + 1));
        biasGrad = grads.get(NDArrayIndex.interval(offset, offset + 1));
        offset += 1;
        long e = (long) classes * f;
        embed = params.get(NDArrayIndex.interval(offset, offset + e)).reshape('c', classes, f);
        embedGrad = grads.get(NDArrayIndex.interval(offset, offset + e)).reshape('c', classes, f);
    }

    @Override
    public void initialize(SeededRandom random) {
        for (Layer l : features) {
            l.initialize(random);
        }
        double bound = 1 / Math.sqrt(featureSize);
        Initializers.uniform(weight, random, bound);
        Initializers.uniform(bias, random, bound);
        Initializers.uniform(embed, random, bound);
    }

    @Override
    public List<NamedParameter> parameters() {
        List<NamedParameter> all = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            for (NamedParameter p : features.get(i).parameters()) {
                all.add(new NamedParameter("features." + i + "." + p.name(), p.value(), p.gradient()));
            }
        }
        all.add(new NamedParameter("linear.weight", weight, weightGrad));
        all.add(new NamedParameter("linear.bias", bias, biasGrad));
        all.add(new NamedParameter("embed.weight", embed, embedGrad));
        return all;
    }

    @Override
    public List<NamedBuffer> buffers() {
        List<NamedBuffer> all = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            for (NamedBuffer b : features.get(i).buffers()) {
                all.add(new NamedBuffer("features." + i + "." + b.name(), b.value()));
            }
        }
        return all;
    }

    /** {@return the feature layers, input side first} */
    public List<Layer> features() {
        return features;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.checkInput(name, x, imageSize + classes, dataType);
        long rows = x.rows();
        // column blocks by the kernels: ND4J's assign on column views runs on libnd4j's OpenMP pool, whose second
        // thread then spins on the other core (Kernels.copyColumns)
        INDArray image = images.get(rows);
        kernels.copyColumns(x, 0, image, 0, imageSize);
        INDArray oneHot = oneHots.get(rows);
        kernels.copyColumns(x, imageSize, oneHot, 0, classes);
        INDArray phi = image;
        for (Layer l : features) {
            phi = l.forward(phi, training);
        }
        INDArray y = outputs.get(rows);
        kernels.gemm(phi, false, weight, true, y, 1.0, 0.0);
        kernels.addRowVector(y, bias);
        INDArray embedding = embeddings.get(rows);
        kernels.gemm(oneHot, false, embed, false, embedding, 1.0, 0.0); // each row's class embedding
        INDArray product = products.get(rows);
        kernels.applyMask(phi, embedding, 1.0, product);
        kernels.gemm(product, false, ones, false, y, 1.0, 1.0); // + the rows' inner products
        lastOneHot = oneHot;
        lastFeatures = phi;
        lastEmbedding = embedding;
        lastOutput = y;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy, GradientMode parameterGradients, boolean inputGradient) {
        Shapes.checkGradient(name, dy, lastOutput);
        long rows = dy.rows();
        double[] dOut = dy.toDoubleVector();
        // phi scaled row by row by dOut: the embeddings' gradient and, through E, the labels'
        INDArray phiScaled = scaled.get(rows);
        kernels.scaleRows(lastFeatures, dOut, phiScaled);
        if (parameterGradients != GradientMode.SKIP) {
            double beta = parameterGradients == GradientMode.ACCUMULATE ? 1.0 : 0.0;
            kernels.gemm(dy, true, lastFeatures, false, weightGrad, 1.0, beta);
            kernels.columnSums(dy, biasGrad, beta == 1.0);
            kernels.gemm(lastOneHot, true, phiScaled, false, embedGrad, 1.0, beta);
        }
        INDArray dPhi = featureGradients.get(rows);
        kernels.gemm(dy, false, weight, false, dPhi, 1.0, 0.0);
        INDArray embeddingScaled = products.get(rows); // the forward product is not needed any more
        kernels.scaleRows(lastEmbedding, dOut, embeddingScaled);
        kernels.add(embeddingScaled, dPhi);
        INDArray g = dPhi;
        for (int i = features.size() - 1; i >= 0; i--) {
            g = features.get(i).backward(g, parameterGradients, i > 0 || inputGradient);
        }
        if (!inputGradient) {
            return null;
        }
        INDArray dLabels = labelGradients.get(rows);
        kernels.gemm(phiScaled, false, embed, true, dLabels, 1.0, 0.0);
        INDArray dx = inputGradients.get(rows);
        kernels.copyColumns(g, 0, dx, 0, imageSize);
        kernels.copyColumns(dLabels, 0, dx, imageSize, classes);
        return dx;
    }

    @Override
    public String toString() {
        return name;
    }
}
