package org.gan4j;

import com.google.common.base.Preconditions;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generator ready for sampling: the network and its own seeded noise source. {@link #sample(int)} gives the same
 * images for the same seed; {@link #sample(INDArray)} maps noise you provide.
 */
public final class TrainedGenerator {

    private final Generator network;
    private final int imageHeight;
    private final int imageWidth;
    private final int imageChannels;
    private final SeededRandom noise;

    /**
     * Wraps a generator.
     *
     * @param network     the trained network
     * @param imageHeight height of the images it produces (for writing them out)
     * @param imageWidth  width of the images
     * @param channels    channels of the images (1 for grey)
     * @param noiseSeed   seed of the noise that {@link #sample(int)} draws
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

    /** The underlying network. */
    public Generator network() {
        return network;
    }

    /** Size of the noise vector. */
    public int zDim() {
        return network.zDim();
    }

    /** Image height in pixels. */
    public int imageHeight() {
        return imageHeight;
    }

    /** Image width in pixels. */
    public int imageWidth() {
        return imageWidth;
    }

    /** Channels per pixel. */
    public int imageChannels() {
        return imageChannels;
    }

    /**
     * Draws {@code count} noise vectors from this generator's noise source and generates images from them.
     *
     * @return a new array {@code [count, imageSize]} in {@code [-1, 1]}
     */
    public INDArray sample(int count) {
        return sample(gaussian(noise, count));
    }

    /**
     * Noise fixed by a seed: {@code [count, zDim]} standard-normal values of the network's type, the same for the same
     * seed (for sample grids that show the same latent points every epoch).
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
     * @param noise {@code [batch, zDim]}
     * @return a new array {@code [batch, imageSize]} in {@code [-1, 1]}
     */
    public INDArray sample(INDArray noise) {
        Objects.requireNonNull(noise, "noise");
        if (noise.rank() != 2 || noise.columns() != zDim()) {
            throw new IllegalArgumentException("noise must be [batch, " + zDim() + "], got "
                    + java.util.Arrays.toString(noise.shape()));
        }
        INDArray input = noise.dataType() == network.dataType() ? noise : noise.castTo(network.dataType());
        return network.forward(input, false).dup();
    }
}
