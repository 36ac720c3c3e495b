package org.gan4j;

import com.google.common.base.Preconditions;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A generator ready for sampling: the network and its own seeded noise source. {@link #sample(int)} gives the same
 * images for the same seed; {@link #sample(INDArray)} maps noise you provide.
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
        this.network = Objects.requireNonNull(network, "network");
        Preconditions.checkArgument((long) imageHeight * imageWidth * channels == network.outputSize(),
                "image shape %sx%sx%s does not match the generator's output size %s",
                imageHeight, imageWidth, channels, network.outputSize());
        this.imageHeight = imageHeight;
        this.imageWidth = imageWidth;
        this.imageChannels = channels;
        this.noise = new SeededRandom(noiseSeed);
    }

    /** {@return the underlying network itself, not a copy} */
    public Generator network() {
        return network;
    }

    /** {@return the size of the noise vector: the network's {@link Generator#zDim()}} */
    public int zDim() {
        return network.zDim();
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
        return sample(gaussian(noise, count));
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
        Objects.requireNonNull(noise, "noise");
        if (noise.rank() != 2 || noise.columns() != zDim()) {
            throw new IllegalArgumentException("noise must be [batch, " + zDim() + "], got "
                    + java.util.Arrays.toString(noise.shape()));
        }
        INDArray input = noise.dataType() == network.dataType() ? noise : noise.castTo(network.dataType());
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
