package org.gan4j.examples;

import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.convTranspose2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.dropout;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.relu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.tanh;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;
import org.gan4j.io.ImageGrid;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;

/**
 * A DCGAN-like architecture of your own, written with the layer vocabulary: a generator that grows 3x3 feature maps
 * to 28x28 with transposed convolutions of two kernel sizes (one with output padding), and a discriminator with a
 * 3x3 and a 4x4 convolution, batch norm and dropout. Shapes are checked when the specs are made: change a kernel
 * and the message names the layer that no longer fits. Run:
 * {@code java -cp ... org.gan4j.examples.CustomConvExample [steps] [out.png]}.
 */
public final class CustomConvExample {

    private CustomConvExample() {
    }

    /**
     * The generator: {@code z -> 32x3x3 -> 16x7x7 -> 8x14x14 -> 1x28x28}.
     *
     * @param zDim noise size
     * @return its spec
     */
    static NetworkSpec generator(int zDim) {
        return NetworkSpec.sequential(Shape.vector(zDim),
                dense(32 * 3 * 3), reshape(32, 3, 3), batchNorm(), relu(),
                convTranspose2d(16, 3, 2, 0, 0), batchNorm(), relu(),       // 3x3 -> 7x7
                convTranspose2d(8, 3, 2, 1, 1), batchNorm(), relu(),        // 7x7 -> 14x14 (output padding 1)
                convTranspose2d(1, 4, 2, 1, 0), tanh());                     // 14x14 -> 28x28
    }

    /** {@return the discriminator: {@code 1x28x28 -> 16x14x14 -> 32x7x7 -> logit}} */
    static NetworkSpec discriminator() {
        return NetworkSpec.sequential(Shape.image(1, 28, 28),
                conv2d(16, 3, 2, 1), leakyRelu(0.2),                         // 28x28 -> 14x14
                conv2d(32, 4, 2, 1), batchNorm(), leakyRelu(0.2),            // 14x14 -> 7x7
                flatten(), dropout(0.3), dense(1));
    }

    /**
     * Trains the custom conv GAN.
     *
     * @param data  28x28 grey images
     * @param steps how many steps
     * @return the result
     */
    public static GanResult train(Dataset data, long steps) {
        return Gan.builder()
                .generator(generator(64))
                .discriminator(discriminator())
                .learningRate(2e-4).betas(0.5, 0.999)
                .batchSize(32)
                .maxSteps(steps)
                .train(data);
    }

    /**
     * Trains and writes a grid of samples.
     *
     * @param args {@code [steps] [out.png]}
     * @throws IOException if the grid cannot be written
     */
    public static void main(String[] args) throws IOException {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 3_000;
        Path out = Path.of(args.length > 1 ? args[1] : "custom-conv-samples.png");
        Dataset data = DataSource.embedded();
        GanResult result = train(data, steps);
        ImageGrid.writePng(out, result.generator().sample(32), data.height(), data.width(), data.channels(), 8);
        System.out.println(generator(64).summary());
        System.out.println("Trained for " + steps + " steps; samples in " + out);
    }
}
