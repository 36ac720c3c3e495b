package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.tanh;

import org.gan4j.InstanceNoise;
import org.gan4j.Objective;
import org.gan4j.SeededRandom;
import org.gan4j.io.ArrayBytes;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.loss.ObjectiveLosses;
import org.gan4j.nd4j.optim.Adam;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Instance noise inside one training step, on both kernel paths and both step shapes (real and fake in one batch
 * through D, or in two passes for a D with batch norm): it changes what D learns while sigma is positive, draws
 * exactly the documented noise, and once annealed to zero leaves the step bit for bit a step without it.
 */
class InstanceNoiseStepTest {

    private static final int BATCH = 4;
    private static final int IMAGE = 12;
    static final NetworkSpec G = NetworkSpec.sequential(Shape.vector(3), dense(8), leakyRelu(0.2), dense(IMAGE),
            tanh());
    static final NetworkSpec D = NetworkSpec.sequential(Shape.vector(IMAGE), dense(8), leakyRelu(0.2), dense(1));
    static final NetworkSpec D_BATCH_NORM = NetworkSpec.sequential(Shape.vector(IMAGE), dense(8), batchNorm(),
            leakyRelu(0.2), dense(1));

    static java.util.stream.Stream<Arguments> paths() {
        return TestKernels.all().flatMap(k -> java.util.stream.Stream.of(Arguments.of(k, false),
                Arguments.of(k, true)));
    }

    /** A step over fresh networks (the same for every call), with the given instance noise or none. */
    private static final class Setup {
        final Sequential g;
        final Sequential d;
        final GanStep step;
        final SeededRandom noise = new SeededRandom(11);
        SeededRandom instance = new SeededRandom(99);

        Setup(Kernels k, boolean twoPasses, InstanceNoise settings, int criticSteps) {
            NetworkFactory f = new NetworkFactory(k);
            g = f.build(G, DataType.DOUBLE, 1);
            d = f.build(twoPasses ? D_BATCH_NORM : D, DataType.DOUBLE, 2);
            step = new GanStep(k, g, d, ObjectiveLosses.create(Objective.nonSaturating(), k),
                    new Adam(k, g, 1e-2, 0.5, 0.999, 1e-8), new Adam(k, d, 1e-2, 0.5, 0.999, 1e-8), () -> noise,
                    criticSteps, 0, true, null, null);
            if (settings != null) {
                step.addInstanceNoise(settings, () -> instance);
            }
        }

        void run(long stepNumber) {
            float[] real = step.realImages(BATCH);
            for (int i = 0; i < real.length; i++) {
                real[i] = (float) (((i * 37 + stepNumber * 11) % 255) / 127.5 - 1);
            }
            step.run(BATCH, stepNumber);
        }

        byte[] gBytes() {
            return ArrayBytes.toBytes(g.parameters());
        }

        byte[] dBytes() {
            return ArrayBytes.toBytes(d.parameters());
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void whileSigmaIsPositiveTheNoiseReachesTheDiscriminator(Kernels k, boolean twoPasses) {
        Setup clean = new Setup(k, twoPasses, null, 2);
        Setup noisy = new Setup(k, twoPasses, new InstanceNoise(0.5, 10), 2);
        clean.run(1);
        noisy.run(1);
        assertThat(noisy.step.lossD()).as("D's loss on noisy images").isNotEqualTo(clean.step.lossD());
        assertThat(noisy.dBytes()).as("D's update").isNotEqualTo(clean.dBytes());
        assertThat(noisy.gBytes()).as("no generator update at a critic-only step").isEqualTo(clean.gBytes());
        // a critic-only step drew one noise image per real and per generated image
        SeededRandom expected = new SeededRandom(99);
        expected.fillGaussian(new float[2 * BATCH * IMAGE], 2 * BATCH * IMAGE);
        assertThat(noisy.instance.state()).isEqualTo(expected.state());
        // a generator step also noises the generated batch G's loss goes through, with fresh draws
        noisy.run(2);
        expected.fillGaussian(new float[3 * BATCH * IMAGE], 3 * BATCH * IMAGE);
        assertThat(noisy.instance.state()).isEqualTo(expected.state());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void theNoiseIsSigmaTimesTheStreamsGaussiansOnTheRealImages(Kernels k, boolean twoPasses) {
        // D's outputs on the real rows do not depend on the generated ones: the same step without instance noise,
        // on real images to which the test added sigma * N(0, 1) from a copy of the stream by hand, gives the same
        // mean D(x) bit for bit, so the step added exactly that, in that order, to the real images
        double sigma = 0.3;
        Setup noisy = new Setup(k, twoPasses, new InstanceNoise(sigma, 1), 2);
        Setup byHand = new Setup(k, twoPasses, null, 2);
        noisy.run(1);
        float[] real = byHand.step.realImages(BATCH);
        float[] n = new float[BATCH * IMAGE];
        new SeededRandom(99).fillGaussian(n, n.length);
        for (int i = 0; i < real.length; i++) {
            real[i] = (float) (((i * 37 + 11) % 255) / 127.5 - 1);
            real[i] += (float) (sigma * n[i]);
        }
        byHand.step.run(BATCH, 1);
        assertThat(noisy.step.meanDReal()).as("mean D(x) on the noisy reals").isEqualTo(byHand.step.meanDReal());
        assertThat(noisy.step.meanDFake()).as("the generated images got their own noise")
                .isNotEqualTo(byHand.step.meanDFake());
    }

    @ParameterizedTest
    @MethodSource("paths")
    void afterTheAnnealingAStepIsBitForBitAStepWithoutNoise(Kernels k, boolean twoPasses) {
        Setup clean = new Setup(k, twoPasses, null, 1);
        Setup annealed = new Setup(k, twoPasses, new InstanceNoise(0.5, 3), 1);
        SeededRandom.State before = annealed.instance.state();
        for (long s = 4; s <= 6; s++) { // sigma(4..6) = 0
            clean.run(s);
            annealed.run(s);
            assertThat(annealed.step.lossD()).isEqualTo(clean.step.lossD());
            assertThat(annealed.step.lossG()).isEqualTo(clean.step.lossG());
        }
        assertThat(annealed.dBytes()).isEqualTo(clean.dBytes());
        assertThat(annealed.gBytes()).isEqualTo(clean.gBytes());
        assertThat(annealed.instance.state()).as("nothing drawn once sigma is 0").isEqualTo(before);
    }
}
