package org.gan4j.nd4j.classify;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.gan4j.SeededRandom;
import org.gan4j.data.LabelledImages;
import org.gan4j.eval.ClassifierTraining;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.nd4j.Nd4jEngine;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NamedParameter;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.loss.SoftmaxCrossEntropy;
import org.gan4j.nd4j.optim.Optimizer;
import org.gan4j.nd4j.optim.Optimizers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The supervised training loop of feature networks: softmax cross-entropy on the logits, Adam with a linear decay of
 * the learning rate, seeded shuffling per epoch and seeded shifts (see {@link ClassifierTraining}). Everything runs
 * on the calling thread with one BLAS thread, in FLOAT, so the same settings and data give the same parameters bit
 * for bit on the same machine and BLAS kernels.
 */
public final class ClassifierTrainer {

    /** Stream of {@link SeededRandom#forStream} that shuffles the training images. */
    static final long SHUFFLE_STREAM = 1;
    /** Stream of the augmentation's shifts. */
    static final long SHIFT_STREAM = 2;

    private final Nd4jEngine engine;

    /**
     * A trainer building its networks with {@code engine}.
     *
     * @param engine builds the network and supplies the kernels
     */
    public ClassifierTrainer(Nd4jEngine engine) {
        this.engine = engine;
    }

    /**
     * Trains a classifier; see {@link org.gan4j.spi.GanEngine#trainClassifier}.
     *
     * @param settings the architecture and training settings
     * @param train    the training images
     * @param test     the images the accuracy is measured on after each epoch
     * @param log      receives the setup and one line per epoch
     * @return the trained network with its test accuracy
     * @throws IllegalArgumentException if the sets differ in image shape or classes, the spec does not fit them,
     *                                  or the batch is larger than the training set
     */
    public FeatureNetwork train(ClassifierTraining settings, LabelledImages train, LabelledImages test,
                                Consumer<String> log) {
        if (!train.imageShape().equals(test.imageShape())) {
            throw new IllegalArgumentException("training images are " + train.imageShape() + " but test images are "
                    + test.imageShape());
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("training classes " + train.classNames() + " differ from test classes "
                    + test.classNames());
        }
        if (settings.batchSize() > train.size()) {
            throw new IllegalArgumentException("batch size " + settings.batchSize() + " is larger than the "
                    + train.size() + " training images");
        }
        // the feature network file keeps these on one line each, the classes comma-separated: refuse before training
        for (String c : train.classNames()) {
            if (c.isBlank() || c.contains(",") || c.contains("\n") || c.contains("\r")) {
                throw new IllegalArgumentException("class name '" + c + "' of " + train.name() + " must be one line "
                        + "without commas (rename the folder or give other names)");
            }
        }
        if (settings.name().contains(",") || settings.name().contains("\n") || settings.name().contains("\r")) {
            throw new IllegalArgumentException("name '" + settings.name() + "' must be one line without commas");
        }
        Shape shape = train.imageShape();
        NetworkSpec spec = settings.specFor(shape, train.classCount());
        int featureLayer = FeatureNetwork.featureLayerOf(spec);
        int previousThreads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(1);
        try {
            return run(settings, spec, featureLayer, train, test, log);
        } finally {
            Nd4j.factory().blas().setMaxThreads(previousThreads);
        }
    }

    private FeatureNetwork run(ClassifierTraining s, NetworkSpec spec, int featureLayer, LabelledImages train,
                               LabelledImages test, Consumer<String> log) {
        Kernels kernels = engine.kernels();
        Sequential net = engine.build(spec, DataType.FLOAT, s.seed());
        int batch = s.batchSize();
        int perEpoch = train.size() / batch;
        Optimizer adam = Optimizers.create(kernels, net, new OptimizerSpec.Adam(s.learningRate(), 0.9, 0.999, 1e-8),
                LearningRateSchedule.linearDecay(), (long) perEpoch * s.epochs());
        log.accept(String.format(Locale.ROOT, "training %s (%d parameters) on %s, testing on %s: %d epochs of %d "
                + "batches of %d; %s", s.name(), spec.parameterCount(), train.name(), test.name(), s.epochs(),
                perEpoch, batch, s));
        Shape shape = train.imageShape();
        int size = shape.size();
        float[] images = hostCopy(train.images());
        int[] labels = train.labels();
        SeededRandom shuffle = SeededRandom.forStream(s.seed(), SHUFFLE_STREAM);
        SeededRandom shifts = SeededRandom.forStream(s.seed(), SHIFT_STREAM);
        Shifter shifter = new Shifter(shape.dim(0), shape.dim(1), shape.dim(2), ClassifierTraining.MAX_SHIFT);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] host = new float[batch * size];
        int[] batchLabels = new int[batch];
        INDArray x = Nd4j.create(DataType.FLOAT, batch, size);
        INDArray grad = Nd4j.create(DataType.FLOAT, batch, train.classCount());
        Accuracy accuracy = new Accuracy(net);
        double testAccuracy = 0;
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            long start = System.nanoTime();
            shuffle.shuffle(order);
            double lossSum = 0;
            for (int b = 0; b < perEpoch; b++) {
                for (int k = 0; k < batch; k++) {
                    int index = order[b * batch + k];
                    batchLabels[k] = labels[index];
                    if (s.augment()) {
                        shifter.shift(images, index * size, host, k * size, shifts.nextInt(2 * shifter.max + 1)
                                - shifter.max, shifts.nextInt(2 * shifter.max + 1) - shifter.max);
                    } else {
                        System.arraycopy(images, index * size, host, k * size, size);
                    }
                }
                kernels.copyFromHost(host, x);
                INDArray logits = net.forward(x, true);
                lossSum += SoftmaxCrossEntropy.loss(logits, batchLabels, 0, grad);
                net.zeroGrad();
                net.backwardParameters(grad);
                adam.step();
            }
            Accuracy.Result r = accuracy.measure(test);
            testAccuracy = r.accuracy();
            log.accept(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, test accuracy %.4f (%d/%d), %.1f s", epoch,
                    s.epochs(), lossSum / perEpoch, testAccuracy, r.correct(), r.total(),
                    (System.nanoTime() - start) / 1e9));
        }
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        for (NamedParameter p : net.namedParameters()) {
            parameters.put(p.name(), p.value());
        }
        String training = String.format(Locale.ROOT, "trained on %s, tested on %s; %s", train.name(), test.name(), s);
        return FeatureNetwork.of(s.name(), spec, featureLayer, train.classNames(), parameters, net.buffers(),
                testAccuracy, training.replace('\n', ' '));
    }

    /** The images as one host array, row after row. */
    static float[] hostCopy(INDArray images) {
        INDArray c = images.isView() || images.ordering() != 'c' || images.dataType() != DataType.FLOAT
                ? images.castTo(DataType.FLOAT).dup('c') : images;
        return c.data().asFloat();
    }

    /** Shifts images by whole pixels, filling what is uncovered with the background value -1. */
    static final class Shifter {
        private final int channels;
        private final int height;
        private final int width;
        final int max;

        Shifter(int channels, int height, int width, int max) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.max = max;
        }

        /** Writes the image at {@code src[from..]} moved {@code dx} columns right and {@code dy} rows down. */
        void shift(float[] src, int from, float[] dst, int to, int dx, int dy) {
            for (int c = 0; c < channels; c++) {
                int plane = c * height * width;
                for (int y = 0; y < height; y++) {
                    int sy = y - dy;
                    int row = to + plane + y * width;
                    if (sy < 0 || sy >= height) {
                        java.util.Arrays.fill(dst, row, row + width, -1f);
                        continue;
                    }
                    int srcRow = from + plane + sy * width;
                    for (int xx = 0; xx < width; xx++) {
                        int sx = xx - dx;
                        dst[row + xx] = sx < 0 || sx >= width ? -1f : src[srcRow + sx];
                    }
                }
            }
        }
    }
}
