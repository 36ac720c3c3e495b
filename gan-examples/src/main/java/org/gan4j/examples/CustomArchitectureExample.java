package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.Mlp;
import org.gan4j.data.Dataset;
import org.gan4j.io.ImageGrid;

/**
 * A custom architecture plugged in through the builder: a deeper, wider generator (z -> 256 -> 512 -> image,
 * LeakyReLU(0.2)) and a discriminator with two hidden layers, both described as {@link Mlp}s for the provider to
 * build. Run: {@code java -cp ... org.gan4j.examples.CustomArchitectureExample [steps] [out.png]}.
 */
public final class CustomArchitectureExample {

    private CustomArchitectureExample() {
    }

    /** The generator of this example. */
    static Mlp generator() {
        return Mlp.of(Activation.leakyRelu(0.2), Activation.tanh(), 256, 512);
    }

    /** The discriminator of this example: it returns a logit, so its output activation is identity. */
    static Mlp discriminator() {
        return Mlp.of(Activation.leakyRelu(0.2), Activation.identity(), 256, 128);
    }

    /** Trains the custom GAN for {@code steps} steps. */
    public static GanResult train(Dataset data, long steps) {
        return Gan.builder()
                .generator(generator())
                .discriminator(discriminator())
                .learningRate(2e-4)
                .betas(0.5, 0.999)
                .maxSteps(steps)
                .train(data);
    }

    public static void main(String[] args) throws IOException {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 5_000;
        Path out = Path.of(args.length > 1 ? args[1] : "custom-samples.png");
        Dataset data = DataSource.embedded();
        GanResult result = train(data, steps);
        ImageGrid.writePng(out, result.generator().sample(32), data.height(), data.width(), data.channels(), 8);
        System.out.println("Trained " + generator() + " for " + steps + " steps; samples in " + out);
    }
}
