package org.gan4j;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A generator ready for sampling: the network and its own seeded noise source. {@link #sample(int)} gives the same
 * images for the same seed; {@link #sample(INDArray)} maps noise you provide.
 *
 * <p>A <em>conditional</em> generator ({@link #classes()} &gt; 0, trained with {@link GanConfig.Builder#classes(int)})
 * takes the noise followed by the one-hot of a class: it samples by class with {@link #sample(int, int)},
 * {@link #sample(int[])} and {@link #sample(INDArray, int[])}, and refuses the unconditional calls.
 */
public final class TrainedGenerator {

    /**
     * The most noise vectors {@link #sample(INDArray)} passes through the network at once; more are generated in
     * chunks of this size into one array, so the network's activations take the same memory whatever the count.
     */
    public static final int SAMPLE_CHUNK = 256;

    private final Generator network;
    private final int imageHeight;
    private final int imageWidth;
    private final int imageChannels;
    private final SeededRandom noise;
    private final long noiseSeed;
    /** The class names of a conditional generator; empty for an unconditional one. */
    private final List<String> classNames;

    /**
     * Wraps a generator.
     *
     * @param network     the trained network, used as it is (not copied): its output rows are images of
     *                    {@code imageHeight * imageWidth * channels} values
     * @param imageHeight height of the images it produces, in pixels (for writing them out)
     * @param imageWidth  width of the images, in pixels
     * @param channels    channels of the images (1 for grey, 3 for colour)
     * @param noiseSeed   seed of the noise that {@link #sample(int)} draws
     * @throws NullPointerException     if {@code network} is null
     * @throws IllegalArgumentException if the image shape does not match the network's output size
     */
    public TrainedGenerator(Generator network, int imageHeight, int imageWidth, int channels, long noiseSeed) {
        this(network, imageHeight, imageWidth, channels, noiseSeed, List.of());
    }

    /**
     * Wraps a conditional generator: its input is {@code zDim} noise values followed by the one-hot of one of
     * {@code classNames.size()} classes.
     *
     * @param network     the trained network, {@code [batch, zDim + classes] -> [batch, imageSize]}, used as it is
     * @param imageHeight height of the images it produces, in pixels
     * @param imageWidth  width of the images, in pixels
     * @param channels    channels of the images
     * @param noiseSeed   seed of the noise that {@link #sample(int, int)} and {@link #sample(int[])} draw
     * @param classNames  the name of each class (label i is element i); empty for an unconditional generator
     * @throws IllegalArgumentException if the image shape does not match the network's output size, the names break
     *                                  {@link ClassLabels#checkNames}, or the network's input leaves no noise
     */
    public TrainedGenerator(Generator network, int imageHeight, int imageWidth, int channels, long noiseSeed,
                            List<String> classNames) {
        this.network = Objects.requireNonNull(network, "network");
        this.classNames = List.copyOf(classNames);
        ClassLabels.checkNames(this.classNames);
        Preconditions.checkArgument(network.inputSize() > this.classNames.size(), "the generator takes %s values, "
                + "which leaves no noise beside the one-hot of %s classes", network.inputSize(), this.classNames.size());
        Preconditions.checkArgument((long) imageHeight * imageWidth * channels == network.outputSize(),
                "image shape %sx%sx%s does not match the generator's output size %s",
                imageHeight, imageWidth, channels, network.outputSize());
        this.imageHeight = imageHeight;
        this.imageWidth = imageWidth;
        this.imageChannels = channels;
        this.noise = new SeededRandom(noiseSeed);
        this.noiseSeed = noiseSeed;
    }

    /**
     * {@return the seed its noise was created with (what {@link #sample(int)} draws next depends on what was drawn
     * before); a copy wrapped with this seed draws the same noise from the start}
     */
    public long noiseSeed() {
        return noiseSeed;
    }

    /** {@return the underlying network itself, not a copy} */
    public Generator network() {
        return network;
    }

    /**
     * {@return the size of the noise vector: the network's {@link Generator#zDim()}, less the one-hot's
     * {@link #classes()} for a conditional generator}
     */
    public int zDim() {
        return network.zDim() - classNames.size();
    }

    /** {@return the number of classes of a conditional generator, 0 for an unconditional one} */
    public int classes() {
        return classNames.size();
    }

    /** {@return whether this generator samples by class} */
    public boolean isConditional() {
        return !classNames.isEmpty();
    }

    /** {@return the class names of a conditional generator (label i is element i); empty otherwise} */
    public List<String> classNames() {
        return classNames;
    }

    /** {@return the image height, in pixels} */
    public int imageHeight() {
        return imageHeight;
    }

    /** {@return the image width, in pixels} */
    public int imageWidth() {
        return imageWidth;
    }

    /** {@return the channels per pixel: 1 for grey, 3 for colour} */
    public int imageChannels() {
        return imageChannels;
    }

    /**
     * Draws {@code count} noise vectors from this generator's noise source and generates images from them. Each call
     * draws fresh noise: the same seed gives the same sequence of batches, not the same batch twice.
     *
     * @param count number of images, positive
     * @return a new array {@code [count, imageSize]} in {@code [-1, 1]}, owned by the caller; each row one image,
     *         flattened in c-order (NCHW)
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public INDArray sample(int count) {
        requireUnconditional("sample(count)");
        return sample(gaussian(noise, count));
    }

    /**
     * Draws {@code count} images of one class (a conditional generator only).
     *
     * @param count number of images, positive
     * @param label the class, in {@code [0, classes())}
     * @return a new array {@code [count, imageSize]} in {@code [-1, 1]}, owned by the caller
     * @throws IllegalArgumentException if the generator is not conditional, {@code count} is not positive or
     *                                  {@code label} is out of range
     */
    public INDArray sample(int count, int label) {
        requireConditional("sample(count, label)");
        ClassLabels.checkLabel(label, classes(), "label");
        Preconditions.checkArgument(count > 0, "count must be positive, got %s", count);
        int[] labels = new int[count];
        java.util.Arrays.fill(labels, label);
        return sample(labels);
    }

    /**
     * Draws one image per label, from this generator's noise source (a conditional generator only).
     *
     * @param labels the class of each image, each in {@code [0, classes())}, at least one
     * @return a new array {@code [labels.length, imageSize]}, row i of class {@code labels[i]}
     * @throws IllegalArgumentException if the generator is not conditional, or a label is out of range
     */
    public INDArray sample(int[] labels) {
        requireConditional("sample(labels)");
        Objects.requireNonNull(labels, "labels");
        checkLabels(labels);
        return sample(gaussian(noise, labels.length), labels);
    }

    /**
     * Generates images of the given classes from the given noise (a conditional generator only).
     *
     * @param noise  {@code [batch, zDim]}, any floating-point type; not changed
     * @param labels {@code batch} labels, each in {@code [0, classes())}
     * @return a new array {@code [batch, imageSize]}, row i from noise row i and class {@code labels[i]}
     * @throws IllegalArgumentException if the generator is not conditional, {@code noise} is not
     *                                  {@code [batch, zDim]}, the label count is not {@code batch}, or a label is out
     *                                  of range
     */
    public INDArray sample(INDArray noise, int[] labels) {
        requireConditional("sample(noise, labels)");
        Objects.requireNonNull(labels, "labels");
        checkNoise(noise);
        if (labels.length != noise.rows()) {
            throw new IllegalArgumentException("labels: expected one label per noise row (" + noise.rows()
                    + "), got " + labels.length);
        }
        checkLabels(labels);
        int z = zDim();
        int width = z + classes();
        INDArray input = Nd4j.zeros(network.dataType(), noise.rows(), width);
        input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, z)).assign(noise);
        for (int i = 0; i < labels.length; i++) {
            input.putScalar(i, z + labels[i], 1.0);
        }
        return generate(input);
    }

    /**
     * The images of a sample grid from fixed noise: for an unconditional generator {@code sample(noise)}; for a
     * conditional one a row of {@code columns} images per class (the first {@code columns} noise vectors, the same
     * in every row, so a column shows one latent point across the classes).
     *
     * @param noise   fixed noise, {@code [n, zDim]}, at least {@code columns} rows for a conditional generator
     * @param columns images per grid row
     * @return a new array: {@code noise}'s images, or {@code [classes * columns, imageSize]}, class by class
     * @throws IllegalArgumentException if {@code noise} is not {@code [n, zDim]} or has fewer than {@code columns}
     *                                  rows for a conditional generator
     */
    public INDArray gridSamples(INDArray noise, int columns) {
        if (!isConditional()) {
            return sample(noise);
        }
        checkNoise(noise);
        Preconditions.checkArgument(columns > 0 && noise.rows() >= columns,
                "a grid of %s columns needs at least that many noise rows, got %s", columns, noise.rows());
        INDArray z = noise.get(NDArrayIndex.interval(0, columns), NDArrayIndex.all());
        INDArray repeated = Nd4j.create(noise.dataType(), (long) classes() * columns, zDim());
        int[] labels = new int[classes() * columns];
        for (int c = 0; c < classes(); c++) {
            repeated.get(NDArrayIndex.interval((long) c * columns, (long) (c + 1) * columns), NDArrayIndex.all())
                    .assign(z);
            java.util.Arrays.fill(labels, c * columns, (c + 1) * columns, c);
        }
        return sample(repeated, labels);
    }

    private void checkLabels(int[] labels) {
        Preconditions.checkArgument(labels.length > 0, "labels: at least one label needed, got none");
        for (int i = 0; i < labels.length; i++) {
            ClassLabels.checkLabel(labels[i], classes(), "labels[" + i + "]");
        }
    }

    private void requireConditional(String call) {
        if (!isConditional()) {
            throw new IllegalArgumentException(call + " needs a conditional generator; this one has no classes: use "
                    + "sample(count) or sample(noise)");
        }
    }

    private void requireUnconditional(String call) {
        if (isConditional()) {
            throw new IllegalArgumentException(call + ": this generator is conditional on " + classes() + " classes "
                    + "(" + String.join(", ", classNames.subList(0, Math.min(10, classes())))
                    + (classes() > 10 ? ", ..." : "") + "): say which, with sample(count, label), sample(labels) or "
                    + "sample(noise, labels)");
        }
    }

    private void checkNoise(INDArray noise) {
        Objects.requireNonNull(noise, "noise");
        if (noise.rank() != 2 || noise.columns() != zDim()) {
            throw new IllegalArgumentException("noise must be [batch, " + zDim() + "], got "
                    + java.util.Arrays.toString(noise.shape()));
        }
    }

    /**
     * Noise fixed by a seed: {@code [count, zDim]} standard-normal values of the network's type, the same for the same
     * seed (for sample grids that show the same latent points every epoch). It does not touch the noise source of
     * {@link #sample(int)}.
     *
     * @param count number of noise vectors, positive
     * @param seed  fixes the values
     * @return a new array {@code [count, zDim]}, owned by the caller
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public INDArray noise(int count, long seed) {
        return gaussian(new SeededRandom(seed), count);
    }

    private INDArray gaussian(SeededRandom random, int count) {
        Preconditions.checkArgument(count > 0, "count must be positive, got %s", count);
        float[] z = new float[Math.multiplyExact(count, zDim())];
        random.fillGaussian(z, z.length);
        return Nd4j.createFromArray(z).reshape('c', count, zDim()).castTo(network.dataType());
    }

    /**
     * Generates images from the given noise.
     *
     * @param noise {@code [batch, zDim]}, any floating-point type (cast to the network's if it differs); not changed
     * @return a new array {@code [batch, imageSize]} in {@code [-1, 1]}, owned by the caller (a copy of the network's
     *         output buffer); a batch above {@link #SAMPLE_CHUNK} is generated chunk by chunk into it
     * @throws NullPointerException     if {@code noise} is null
     * @throws IllegalArgumentException if {@code noise} is not {@code [batch, zDim]}
     */
    public INDArray sample(INDArray noise) {
        requireUnconditional("sample(noise)");
        checkNoise(noise);
        return generate(noise);
    }

    /** The network on whole input rows (noise, and the one-hot for a conditional generator), chunk by chunk. */
    private INDArray generate(INDArray rowsIn) {
        INDArray input = rowsIn.dataType() == network.dataType() ? rowsIn : rowsIn.castTo(network.dataType());
        long rows = input.rows();
        if (rows <= SAMPLE_CHUNK) {
            return network.forward(input, false).dup();
        }
        // In chunks: a network keeps every layer's output for the whole batch (a DCGAN generator about 65,000 values
        // per image), so 10,000 images at once needed 4 GB; per chunk it is a few hundred MB whatever the count.
        INDArray images = Nd4j.create(network.dataType(), new long[] {rows, network.outputSize()}, 'c');
        for (long from = 0; from < rows; from += SAMPLE_CHUNK) {
            long to = Math.min(rows, from + SAMPLE_CHUNK);
            INDArray chunk = input.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(network.forward(chunk, false));
        }
        return images;
    }
}
