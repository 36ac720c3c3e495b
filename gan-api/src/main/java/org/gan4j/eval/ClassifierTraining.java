package org.gan4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.gan4j.nn.LayerSpec;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;

/**
 * How to train a {@link FeatureNetwork}: the network (or the default architecture for the data's image shape), the
 * epochs, batch size, learning rate, seed and augmentation. An immutable value; {@link #builder()} makes one, and
 * every default is the setting that trained the shipped MNIST network ({@link FeatureNetwork#mnist()}), so the
 * defaults retrain it bit for bit.
 *
 * <p>Training ({@link org.gan4j.spi.GanEngine#trainClassifier}) is Adam ({@code beta1 0.9, beta2 0.999, eps 1e-8})
 * with the learning rate decaying linearly to zero over the run, on the softmax cross-entropy of the logits; the
 * training images are shuffled each epoch by a generator seeded from {@link #seed()}, and with augmentation each
 * image is shifted by up to {@value #MAX_SHIFT} pixels in each direction (drawn from a second seeded generator,
 * uncovered pixels at the background value -1). A last batch smaller than {@link #batchSize()} is left out of the
 * epoch (its images are in another batch the next epoch).
 */
public final class ClassifierTraining {

    /** The default seed: the shipped networks' seed. */
    public static final long DEFAULT_SEED = 14;
    /** The default number of passes over the training images. */
    public static final int DEFAULT_EPOCHS = 8;
    /** The default images per update. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** The default initial learning rate (Adam), decayed linearly to zero. */
    public static final double DEFAULT_LEARNING_RATE = 2e-3;
    /** The largest shift, in pixels, augmentation applies in each direction. */
    public static final int MAX_SHIFT = 2;
    /** The width of the default architecture's feature layer. */
    public static final int DEFAULT_FEATURE_SIZE = 128;

    private final NetworkSpec spec;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final long seed;
    private final boolean augment;
    private final String name;

    private ClassifierTraining(Builder b) {
        this.spec = b.spec;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.augment = b.augment;
        this.name = b.name;
    }

    /** {@return a builder with every default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the default settings} */
    public static ClassifierTraining defaults() {
        return builder().build();
    }

    /** {@return a builder starting from these settings} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.spec = spec;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.seed = seed;
        b.augment = augment;
        b.name = name;
        return b;
    }

    /**
     * The default architecture: a small CNN without pooling (stride-2 convolutions halve the image), BatchNorm and
     * ReLU after each convolution, then a dense layer of {@value #DEFAULT_FEATURE_SIZE} features (ReLU: the
     * feature layer), dropout 0.3 and the logits.
     *
     * <pre>
     * conv2d(16,3,1,1) batchNorm relu                 [16, h, w]
     * conv2d(32,4,2,1) batchNorm relu                 [32, h/2, w/2]
     * conv2d(32,3,1,1) batchNorm relu
     * conv2d(64,4,2,1) batchNorm relu                 [64, h/4, w/4]
     * conv2d(64,3,2,1) batchNorm relu                 [64, ceil(h/8), ceil(w/8)]
     * flatten dense(128) relu (the features) dropout(0.3) dense(classes)
     * </pre>
     *
     * For 28x28 grey images: 220,000 parameters (880 KB as floats).
     *
     * @param imageShape the images' shape, {@code [c, h, w]}, at least 8x8
     * @param classes    the number of classes, at least 2
     * @return the network, from the image to {@code [classes]} logits
     * @throws IllegalArgumentException if the shape is not an image of at least 8x8 or there are fewer than 2
     *                                  classes
     */
    public static NetworkSpec defaultArchitecture(Shape imageShape, int classes) {
        if (!imageShape.isImage() || imageShape.dim(1) < 8 || imageShape.dim(2) < 8) {
            throw new IllegalArgumentException("the default classifier needs images of at least 8x8, [channels, "
                    + "height, width], got " + imageShape);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        List<LayerSpec> l = new ArrayList<>();
        for (int[] c : new int[][] {{16, 3, 1}, {32, 4, 2}, {32, 3, 1}, {64, 4, 2}, {64, 3, 2}}) {
            int padding = 1;
            l.add(Layers.conv2d(c[0], c[1], c[2], padding));
            l.add(Layers.batchNorm());
            l.add(Layers.relu());
        }
        l.add(Layers.flatten());
        l.add(Layers.dense(DEFAULT_FEATURE_SIZE));
        l.add(Layers.relu());
        l.add(Layers.dropout(0.3));
        l.add(Layers.dense(classes));
        return NetworkSpec.sequential(imageShape, l);
    }

    /** {@return the network to train, if one was set; else {@link #defaultArchitecture} is used} */
    public Optional<NetworkSpec> spec() {
        return Optional.ofNullable(spec);
    }

    /**
     * The network to train on images of this shape.
     *
     * @param imageShape the training images' shape
     * @param classes    their number of classes
     * @return {@link #spec()} if set, else {@link #defaultArchitecture}
     * @throws IllegalArgumentException if the set spec does not take {@code imageShape} or does not output
     *                                  {@code [classes]} logits
     */
    public NetworkSpec specFor(Shape imageShape, int classes) {
        if (spec == null) {
            return defaultArchitecture(imageShape, classes);
        }
        if (spec.inputShape().size() != imageShape.size()) {
            throw new IllegalArgumentException("the classifier's spec takes " + spec.inputShape() + " but the images "
                    + "are " + imageShape);
        }
        if (spec.outputShape().size() != classes) {
            throw new IllegalArgumentException("the classifier's spec outputs " + spec.outputShape() + " but the "
                    + "data has " + classes + " classes");
        }
        return spec;
    }

    /** {@return the passes over the training images} */
    public int epochs() {
        return epochs;
    }

    /** {@return the images per update} */
    public int batchSize() {
        return batchSize;
    }

    /** {@return Adam's initial learning rate} */
    public double learningRate() {
        return learningRate;
    }

    /** {@return the seed of the initial parameters, the shuffling, dropout and augmentation} */
    public long seed() {
        return seed;
    }

    /** {@return whether training images are shifted at random by up to {@value #MAX_SHIFT} pixels} */
    public boolean augment() {
        return augment;
    }

    /** {@return the name the trained network gets} */
    public String name() {
        return name;
    }

    /** {@return the text form stored in a feature network's file, e.g. {@code epochs=8,batchSize=64,...}} */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epochs=%d,batchSize=%d,learningRate=%s,seed=%d,augment=%s,optimizer=adam"
                + "(beta1=0.9,beta2=0.999,eps=1e-8),schedule=linearDecay", epochs, batchSize, learningRate, seed,
                augment);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassifierTraining t && Objects.equals(spec, t.spec) && epochs == t.epochs
                && batchSize == t.batchSize && learningRate == t.learningRate && seed == t.seed
                && augment == t.augment && name.equals(t.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, epochs, batchSize, learningRate, seed, augment, name);
    }

    /** Builds {@link ClassifierTraining}s; each setter checks its value. */
    public static final class Builder {
        private NetworkSpec spec;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private long seed = DEFAULT_SEED;
        private boolean augment = true;
        private String name = "classifier";

        private Builder() {
        }

        /**
         * The network to train instead of the default architecture.
         *
         * @param value from the image to {@code [classes]} logits, with at least two dense layers (the penultimate
         *              one gives the features); {@code null} for the default
         * @return this builder
         */
        public Builder spec(NetworkSpec value) {
            this.spec = value;
            return this;
        }

        /**
         * The passes over the training images.
         *
         * @param value positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder epochs(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + value);
            }
            this.epochs = value;
            return this;
        }

        /**
         * The images per update.
         *
         * @param value positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder batchSize(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("batchSize must be positive, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Adam's initial learning rate.
         *
         * @param value positive and finite
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         */
        public Builder learningRate(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("learningRate must be positive and finite, got " + value);
            }
            this.learningRate = value;
            return this;
        }

        /**
         * The seed of everything random in training.
         *
         * @param value any
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Whether to shift training images at random.
         *
         * @param value on or off
         * @return this builder
         */
        public Builder augment(boolean value) {
            this.augment = value;
            return this;
        }

        /**
         * The trained network's name.
         *
         * @param value not blank
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = value;
            return this;
        }

        /** {@return the settings} */
        public ClassifierTraining build() {
            return new ClassifierTraining(this);
        }
    }
}
