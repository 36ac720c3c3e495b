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
     * The same for the DCGAN recipe (convolutions, transposed convolutions, batch norm, two-pass D), at batch 8 so
     * that the slow portable path stays short. Step by step the paths agree only for the first ~20 steps: a bias
     * followed by batch normalisation has a gradient that is zero in exact arithmetic and rounding noise in floats
     * (about 1e-9, different on each path), and Adam divides it by its own tiny running magnitude, turning noise into
     * full-size steps of random sign. PyTorch behaves the same. From there the runs are two samples of the same
     * process, so the check is on the statistics of the second hundred steps.
     */
    @Test
    void fastAndPortablePathsAgreeOnTheDcganOverTwoHundredSteps() throws IOException {
        Dataset data = Datasets.first(Mnist.load(TrainingTest.MNIST), 1000);
        GanConfig config = org.gan4j.Recipes.dcgan().batchSize(8).maxSteps(200).seed(19).build();
        List<StepMetrics> fast = new ArrayList<>();
        List<StepMetrics> portable = new ArrayList<>();
        train(new Nd4jEngine(new CpuKernels()), config, data, fast);
        train(new Nd4jEngine(new PortableKernels()), config, data, portable);
        assertThat(fast).hasSize(200);
        assertThat(portable).hasSize(200);
        double early = 0;
        for (int i = 0; i < 20; i++) {
            early = Math.max(early, Math.max(Math.abs(fast.get(i).lossD() - portable.get(i).lossD()),
                    Math.abs(fast.get(i).lossG() - portable.get(i).lossG())));
        }
        double[] f = means(fast.subList(100, 200));
        double[] p = means(portable.subList(100, 200));
        System.out.printf("DCGAN fast vs portable: largest loss difference over steps 1-20 %.2e; mean lossD/lossG over "
                + "steps 101-200 %.4f/%.4f (fast) vs %.4f/%.4f (portable)%n", early, f[0], f[1], p[0], p[1]);
        assertThat(early).as("largest loss difference over the first 20 steps").isLessThan(1e-5);
        assertThat(Math.abs(f[0] - p[0])).as("mean lossD over steps 101-200").isLessThan(0.05);
        assertThat(Math.abs(f[1] - p[1])).as("mean lossG over steps 101-200").isLessThan(0.25);
    }

    private static double[] means(List<StepMetrics> steps) {
        return new double[] {steps.stream().mapToDouble(StepMetrics::lossD).average().orElseThrow(),
            steps.stream().mapToDouble(StepMetrics::lossG).average().orElseThrow()};
    }
}
