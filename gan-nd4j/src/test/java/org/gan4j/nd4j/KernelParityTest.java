package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.Mnist;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.PortableKernels;
import org.junit.jupiter.api.Test;

/**
 * The CPU fast path and the portable ND4J-ops path train the same GAN: a few hundred float steps on real digits
 * agree within float rounding (they cannot be bit-identical: summation orders differ), and each is deterministic.
 */
class KernelParityTest {

    private static GanResult train(Nd4jEngine engine, GanConfig config, Dataset data, List<StepMetrics> steps) {
        return engine.trainer().train(config.toBuilder().listener(new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                steps.add(m);
            }
        }).build(), data);
    }

    @Test
    void fastAndPortablePathsAgreeOverThreeHundredSteps() throws IOException {
        Dataset data = Datasets.first(Mnist.load(TrainingTest.MNIST), 2000);
        GanConfig config = Gan.builder().maxSteps(300).seed(17).build();
        List<StepMetrics> fast = new ArrayList<>();
        List<StepMetrics> portable = new ArrayList<>();
        GanResult a = train(new Nd4jEngine(new CpuKernels()), config, data, fast);
        GanResult b = train(new Nd4jEngine(new PortableKernels()), config, data, portable);

        assertThat(fast.get(0).lossD()).isCloseTo(portable.get(0).lossD(), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(fast.get(0).lossG()).isCloseTo(portable.get(0).lossG(), org.assertj.core.data.Offset.offset(1e-5));
        double lossDiff = 0;
        for (int i = 0; i < fast.size(); i++) {
            lossDiff = Math.max(lossDiff, Math.abs(fast.get(i).lossD() - portable.get(i).lossD()));
        }
        System.out.printf("fast vs portable over 300 steps: largest lossD difference %.2e, ", lossDiff);
        assertThat(lossDiff).as("largest lossD difference over 300 steps").isLessThan(1e-3);
        double weightDiff = a.generator().network().parameters().sub(b.generator().network().parameters())
                .amaxNumber().doubleValue();
        System.out.printf("largest generator weight difference %.2e%n", weightDiff);
        assertThat(weightDiff).as("largest generator weight difference after 300 steps").isLessThan(1e-4);

        GanResult fastAgain = train(new Nd4jEngine(new CpuKernels()), config, data, new ArrayList<>());
        assertThat(fastAgain.generator().network().parameters().equals(a.generator().network().parameters()))
                .as("the fast path is deterministic").isTrue();
        GanConfig shorter = config.toBuilder().maxSteps(60).build();
        GanResult p1 = train(new Nd4jEngine(new PortableKernels()), shorter, data, new ArrayList<>());
        GanResult p2 = train(new Nd4jEngine(new PortableKernels()), shorter, data, new ArrayList<>());
        assertThat(p1.generator().network().parameters().equals(p2.generator().network().parameters()))
                .as("the portable path is deterministic").isTrue();
    }

    /**
     * The same for a DCGAN: transposed convolutions, convolutions, batch norm in train mode and the two-pass
     * discriminator, at a fraction of the recipe's width and batch 8 so the portable path (one ND4J op per
     * operation) stays short: 100 steps agree step by step. The recipe's own networks put each batch norm right after
     * a biased layer; that bias's gradient is zero in exact arithmetic and rounding noise in floats (about 1e-9,
     * different on each path), which Adam divides by its own tiny running magnitude into full-size steps of random
     * sign, so the two paths (and PyTorch with any other summation order) part after 10-20 steps there. These
     * networks normalise after the activation instead: the same layers, no such amplifier, and the paths agree to
     * 1e-7 for 100 steps (measured: the gap grows to 1e-3 only after step 150).
     */
    @Test
    void fastAndPortablePathsAgreeOnADcganStepByStep() throws IOException {
        Dataset data = Datasets.first(Mnist.load(TrainingTest.MNIST), 1000);
        GanConfig config = org.gan4j.Recipes.dcgan().batchSize(8).maxSteps(100).seed(19)
                .generator(NOISE_FREE_GENERATOR).discriminator(NOISE_FREE_DISCRIMINATOR).build();
        List<StepMetrics> fast = new ArrayList<>();
        List<StepMetrics> portable = new ArrayList<>();
        GanResult a = train(new Nd4jEngine(new CpuKernels()), config, data, fast);
        GanResult b = train(new Nd4jEngine(new PortableKernels()), config, data, portable);
        assertThat(fast).hasSize(100);
        assertThat(portable).hasSize(100);
        double largest = 0;
        for (int i = 0; i < fast.size(); i++) {
            largest = Math.max(largest, Math.max(Math.abs(fast.get(i).lossD() - portable.get(i).lossD()),
                    Math.abs(fast.get(i).lossG() - portable.get(i).lossG())));
        }
        double weightDiff = a.generator().network().parameters().sub(b.generator().network().parameters())
                .amaxNumber().doubleValue();
        System.out.printf("DCGAN fast vs portable over 100 steps: largest loss difference %.2e, largest generator "
                + "weight difference %.2e%n", largest, weightDiff);
        assertThat(largest).as("largest loss difference over 100 steps").isLessThan(1e-5);
        assertThat(weightDiff).as("largest generator weight difference after 100 steps").isLessThan(1e-4);
        assertThat(a.generator().network().buffers().get("3.running_var")
                .sub(b.generator().network().buffers().get("3.running_var")).amaxNumber().doubleValue())
                .as("BatchNorm running variance after 100 steps").isLessThan(1e-5);
    }

    static final org.gan4j.nn.NetworkSpec NOISE_FREE_GENERATOR = org.gan4j.nn.NetworkSpec.sequential(
            org.gan4j.nn.Shape.vector(64), org.gan4j.nn.Layers.dense(32 * 7 * 7),
            org.gan4j.nn.Layers.reshape(32, 7, 7), org.gan4j.nn.Layers.relu(), org.gan4j.nn.Layers.batchNorm(),
            org.gan4j.nn.Layers.convTranspose2d(16, 4, 2, 1, 0), org.gan4j.nn.Layers.relu(),
            org.gan4j.nn.Layers.batchNorm(), org.gan4j.nn.Layers.convTranspose2d(1, 4, 2, 1, 0),
            org.gan4j.nn.Layers.tanh(), org.gan4j.nn.Layers.reshape(784));
    static final org.gan4j.nn.NetworkSpec NOISE_FREE_DISCRIMINATOR = org.gan4j.nn.NetworkSpec.sequential(
            org.gan4j.nn.Shape.vector(784), org.gan4j.nn.Layers.reshape(1, 28, 28),
            org.gan4j.nn.Layers.conv2d(16, 4, 2, 1), org.gan4j.nn.Layers.leakyRelu(0.2),
            org.gan4j.nn.Layers.conv2d(32, 4, 2, 1), org.gan4j.nn.Layers.leakyRelu(0.2),
            org.gan4j.nn.Layers.batchNorm(), org.gan4j.nn.Layers.flatten(), org.gan4j.nn.Layers.dense(1));

}
