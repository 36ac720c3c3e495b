package org.gan4j.eval;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.Dataset;
import org.gan4j.nn.Shape;
import org.gan4j.spi.Providers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How to measure a generator: which feature network, against which real images, with how many samples and which
 * noise. An immutable value; the protocol is written down in docs/evaluation.md.
 *
 * <pre>{@code
 * EvaluationResult r = Evaluation.builder(FeatureNetwork.mnist(), mnist).build().evaluate(result.generator());
 * System.out.print(r.table());
 * }</pre>
 *
 * <p>Defaults (the protocol): {@value #DEFAULT_SAMPLES} samples from the fixed noise seed {@value #DEFAULT_NOISE_SEED}
 * against the first {@value #DEFAULT_SAMPLES} images of the reference set (all of them if it has fewer); KID over
 * {@value #DEFAULT_KID_SUBSETS} subsets of {@value #DEFAULT_KID_SUBSET_SIZE}; precision and recall with k =
 * {@value #PRECISION_K}, density and coverage with k = {@value #DENSITY_K}; memorisation against the reference set
 * unless {@link Builder#training} names the images the generator was trained on.
 */
public final class Evaluation {

    /** Samples and reference images of the protocol. */
    public static final int DEFAULT_SAMPLES = 10_000;
    /** The noise seed of the protocol's samples. */
    public static final long DEFAULT_NOISE_SEED = 1234;
    /** KID subsets. */
    public static final int DEFAULT_KID_SUBSETS = 100;
    /** KID subset size (smaller when there are fewer samples or references). */
    public static final int DEFAULT_KID_SUBSET_SIZE = 1000;
    /** Neighbours of precision and recall (Kynkäänniemi et al. 2019). */
    public static final int PRECISION_K = 3;
    /** Neighbours of density and coverage (Naeem et al. 2020). */
    public static final int DENSITY_K = 5;
    /** Fewest samples or reference images an evaluation accepts (the k-nearest-neighbour metrics need k + 1). */
    public static final int MIN_IMAGES = 10;

    private final FeatureNetwork featureNetwork;
    private final Dataset reference;
    private final Dataset training;
    private final int samples;
    private final int references;
    private final long noiseSeed;
    private final int kidSubsets;
    private final Path cacheDirectory;

    private Evaluation(Builder b) {
        this.featureNetwork = b.featureNetwork;
        this.reference = b.reference;
        this.training = b.training != null ? b.training : b.reference;
        this.samples = b.samples;
        this.references = b.references != null ? b.references : Math.min(DEFAULT_SAMPLES, reference.size());
        this.noiseSeed = b.noiseSeed;
        this.kidSubsets = b.kidSubsets;
        this.cacheDirectory = b.cacheDirectory;
        Shape net = featureNetwork.imageShape();
        check(reference, "reference", net);
        check(training, "training", net);
        if (references > reference.size()) {
            throw new IllegalArgumentException("the reference set " + reference.name() + " has " + reference.size()
                    + " images, fewer than the " + references + " requested");
        }
        if (references < MIN_IMAGES) {
            throw new IllegalArgumentException("an evaluation needs at least " + MIN_IMAGES + " reference images, "
                    + "got " + references + " (" + reference.name() + ")");
        }
    }

    private static void check(Dataset data, String role, Shape net) {
        if (!data.imageShape().equals(net)) {
            throw new IllegalArgumentException("the " + role + " set " + data.name() + " holds images of "
                    + data.imageShape() + " but the feature network takes " + net);
        }
    }

    /**
     * A builder with the protocol's defaults.
     *
     * @param featureNetwork the network whose features and classes the metrics use ({@link FeatureNetwork#mnist()})
     * @param reference      the real images to compare with
     * @return the builder
     */
    public static Builder builder(FeatureNetwork featureNetwork, Dataset reference) {
        return new Builder(featureNetwork, reference);
    }

    /** {@return a builder holding this evaluation's settings} */
    public Builder toBuilder() {
        Builder b = new Builder(featureNetwork, reference);
        b.training = training;
        b.samples = samples;
        b.references = references;
        b.noiseSeed = noiseSeed;
        b.kidSubsets = kidSubsets;
        b.cacheDirectory = cacheDirectory;
        return b;
    }

    /**
     * The provider's evaluator for these settings: computes the reference images' features (or reads them from
     * the cache) once, for any number of evaluations.
     *
     * @return the evaluator
     * @throws org.gan4j.spi.ProviderNotFoundException if no provider is on the class path
     */
    public Evaluator evaluator() {
        return Providers.engine().evaluator(this);
    }

    /**
     * Measures a generator once: {@code evaluator().evaluate(generator)}.
     *
     * @param generator the generator
     * @return every metric
     */
    public EvaluationResult evaluate(TrainedGenerator generator) {
        return evaluator().evaluate(generator);
    }

    /**
     * Measures generated images once: {@code evaluator().evaluate(images)}.
     *
     * @param images {@code [n, imageSize]} in {@code [-1, 1]}
     * @return every metric
     */
    public EvaluationResult evaluate(INDArray images) {
        return evaluator().evaluate(images);
    }

    /**
     * The samples of this protocol: {@link #samples()} images from the fixed noise {@link #noiseSeed()}; from a
     * conditional generator, every class equally often (labels {@code 0, 1, ..., classes - 1, 0, 1, ...}).
     *
     * @param generator the generator
     * @return {@code [samples, imageSize]}
     * @throws IllegalArgumentException if the generator's images are not the feature network's image shape
     */
    public INDArray sample(TrainedGenerator generator) {
        Shape made = Shape.image(generator.imageChannels(), generator.imageHeight(), generator.imageWidth());
        if (!made.equals(featureNetwork.imageShape())) {
            throw new IllegalArgumentException("the generator makes images of " + made + " but the feature network "
                    + featureNetwork.name() + " takes " + featureNetwork.imageShape());
        }
        INDArray noise = generator.noise(samples, noiseSeed);
        if (generator.isConditional()) {
            // every class equally often, in turn: the class histogram then shows what the generator draws for each
            return generator.sample(noise, drawnLabels(generator));
        }
        return generator.sample(noise);
    }

    /**
     * The labels {@link #sample} draws its images for, where they are the feature network's classes: the
     * generator is conditional and its class names are the feature network's, in order (MNIST's digits for
     * {@link FeatureNetwork#mnist()}), so that the share of each class's images labelled with it measures whether
     * the generator draws what it is asked for.
     *
     * @param generator the generator
     * @return one label per sample ({@code 0, 1, ..., classes - 1, 0, ...}), or null for an unconditional generator
     *         or classes the feature network does not know
     */
    public int[] sampleLabels(TrainedGenerator generator) {
        if (!generator.isConditional() || !generator.classNames().equals(featureNetwork.classNames())) {
            return null;
        }
        return drawnLabels(generator);
    }

    private int[] drawnLabels(TrainedGenerator generator) {
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = i % generator.classes();
        }
        return labels;
    }

    /** {@return the feature network} */
    public FeatureNetwork featureNetwork() {
        return featureNetwork;
    }

    /** {@return the real images compared with} */
    public Dataset reference() {
        return reference;
    }

    /** {@return the images memorisation is measured against: the training set, or the reference set by default} */
    public Dataset training() {
        return training;
    }

    /** {@return the number of images sampled from a generator} */
    public int samples() {
        return samples;
    }

    /** {@return the number of reference images used: the first ones of the reference set} */
    public int references() {
        return references;
    }

    /** {@return the seed of the sampling noise} */
    public long noiseSeed() {
        return noiseSeed;
    }

    /** {@return the number of KID subsets} */
    public int kidSubsets() {
        return kidSubsets;
    }

    /**
     * The KID subset size for a sample count: {@value #DEFAULT_KID_SUBSET_SIZE}, or the smaller of the sample and
     * reference counts when one is below it.
     *
     * @param sampleCount the number of samples measured
     * @return the subset size
     */
    public int kidSubsetSize(int sampleCount) {
        return Math.min(DEFAULT_KID_SUBSET_SIZE, Math.min(sampleCount, references));
    }

    /** {@return where reference statistics are cached, if anywhere} */
    public Optional<Path> cacheDirectory() {
        return Optional.ofNullable(cacheDirectory);
    }

    @Override
    public String toString() {
        return "Evaluation[" + featureNetwork.name() + ", " + samples + " samples (noise seed " + noiseSeed + ") vs "
                + references + " of " + reference.name() + "]";
    }

    /** Settings of an {@link Evaluation}; every one has the protocol's default. */
    public static final class Builder {
        private final FeatureNetwork featureNetwork;
        private final Dataset reference;
        private Dataset training;
        private int samples = DEFAULT_SAMPLES;
        private Integer references;
        private long noiseSeed = DEFAULT_NOISE_SEED;
        private int kidSubsets = DEFAULT_KID_SUBSETS;
        private Path cacheDirectory;

        private Builder(FeatureNetwork featureNetwork, Dataset reference) {
            this.featureNetwork = Objects.requireNonNull(featureNetwork, "featureNetwork");
            this.reference = Objects.requireNonNull(reference, "reference");
        }

        /**
         * The images the generator was trained on, for the memorisation figure.
         *
         * @param training the training images (default: the reference set)
         * @return this builder
         */
        public Builder training(Dataset training) {
            this.training = Objects.requireNonNull(training, "training");
            return this;
        }

        /**
         * How many images to sample from a generator.
         *
         * @param count at least {@value Evaluation#MIN_IMAGES} (default {@value Evaluation#DEFAULT_SAMPLES})
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is below {@value Evaluation#MIN_IMAGES}
         */
        public Builder samples(int count) {
            if (count < MIN_IMAGES) {
                throw new IllegalArgumentException("samples must be at least " + MIN_IMAGES + ", got " + count);
            }
            this.samples = count;
            return this;
        }

        /**
         * How many reference images to compare with: the first ones of the reference set.
         *
         * @param count at least {@value Evaluation#MIN_IMAGES} and at most the reference set's size (default: the
         *              smaller of that size and {@value Evaluation#DEFAULT_SAMPLES})
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is below {@value Evaluation#MIN_IMAGES} (a count above
         *                                  the set's size is refused by {@link #build()}, naming the set)
         */
        public Builder references(int count) {
            if (count < MIN_IMAGES) {
                throw new IllegalArgumentException("references must be at least " + MIN_IMAGES + ", got " + count);
            }
            this.references = count;
            return this;
        }

        /**
         * The seed of the sampling noise.
         *
         * @param seed any value (default {@value Evaluation#DEFAULT_NOISE_SEED})
         * @return this builder
         */
        public Builder noiseSeed(long seed) {
            this.noiseSeed = seed;
            return this;
        }

        /**
         * How many random subsets KID averages over.
         *
         * @param subsets positive (default {@value Evaluation#DEFAULT_KID_SUBSETS})
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder kidSubsets(int subsets) {
            if (subsets <= 0) {
                throw new IllegalArgumentException("kidSubsets must be positive, got " + subsets);
            }
            this.kidSubsets = subsets;
            return this;
        }

        /**
         * Caches the reference images' statistics in this directory (with a checksum; a damaged entry is computed
         * again), so that the next evaluation against the same reference skips them.
         *
         * @param dir the cache directory, created when needed
         * @return this builder
         */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * {@return the evaluation}
         *
         * @throws IllegalArgumentException if the reference or training images are not the feature network's image
         *                                  shape, or the reference set has fewer images than requested
         */
        public Evaluation build() {
            return new Evaluation(this);
        }
    }
}
