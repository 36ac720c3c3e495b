package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gan4j.EpochSummary;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trains the reference GAN for a few hundred steps on 1,000 real MNIST digits. */
class TrainingTest {

    static final Path MNIST = Path.of("..", "data", "mnist");
    private static Dataset digits;

    @BeforeAll
    static void load() throws IOException {
        ImageDataset all = Mnist.load(MNIST);
        digits = Datasets.first(all, 1000);
    }

    /** The first n images of a dataset. */
    private static double meanPixel(Dataset d) {
        float[] buf = new float[d.imageSize() * d.size()];
        int[] idx = java.util.stream.IntStream.range(0, d.size()).toArray();
        d.copyImages(idx, 0, d.size(), buf);
        double s = 0;
        for (float v : buf) {
            s += v;
        }
        return s / buf.length;
    }

    @Test
    void aWorkingGanMovesTheWayItShould() {
        List<StepMetrics> steps = new ArrayList<>();
        List<EpochSummary> epochs = new ArrayList<>();
        List<Double> sampleMeans = new ArrayList<>();
        GanResult result = Gan.builder().maxSteps(320).seed(3).listener(new TrainingListener() {
            @Override public void onStep(StepMetrics m) { steps.add(m); }
            @Override public void onEpochEnd(EpochSummary s, org.gan4j.TrainedGenerator g) {
                epochs.add(s);
                sampleMeans.add(g.sample(64).meanNumber().doubleValue());
            }
        }).train(digits);

        assertThat(result.provenance().steps()).isEqualTo(320);
        assertThat(steps).hasSize(320);
        // 1,000 images in batches of 32: 31 full batches and one of 8 (PyTorch's DataLoader keeps it).
        assertThat(steps.get(31).batchSize()).isEqualTo(8);
        assertThat(steps.get(32).epoch()).isEqualTo(2);
        assertThat(epochs).hasSize(10);

        // The discriminator learns to tell real from fake at once: D(x) above D(G(z)) on average.
        double dReal = steps.stream().mapToDouble(StepMetrics::meanDReal).average().orElseThrow();
        double dFake = steps.stream().mapToDouble(StepMetrics::meanDFake).average().orElseThrow();
        assertThat(dReal).isGreaterThan(dFake + 0.1);
        // The generator answers: its samples move from grey (tanh of small values, mean ~0) toward the dark
        // background of real digits (mean pixel about -0.74).
        double real = meanPixel(digits);
        double initial = Math.abs(0 - real);
        double last = Math.abs(sampleMeans.get(sampleMeans.size() - 1) - real);
        assertThat(last).isLessThan(initial / 2);
        INDArray samples = result.generator().sample(16);
        assertThat(samples.shape()).containsExactly(16, 784);
        assertThat(samples.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(samples.minNumber().doubleValue()).isGreaterThanOrEqualTo(-1.0);
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        GanConfig config = Gan.builder().maxSteps(40).seed(9).build();
        GanResult a = Gan.trainer().train(config, digits);
        GanResult b = Gan.trainer().train(config, digits);
        GanResult c = Gan.trainer().train(config.toBuilder().seed(10).build(), digits);
        assertThat(a.generator().network().parameters().equals(b.generator().network().parameters())).isTrue();
        assertThat(a.discriminator().parameters().equals(b.discriminator().parameters())).isTrue();
        assertThat(a.generator().sample(4).equals(b.generator().sample(4))).isTrue();
        assertThat(a.generator().network().parameters().equals(c.generator().network().parameters())).isFalse();
    }

    @Test
    void aDatasetOfAnotherImageSizeIsRefusedWithBothSizes() {
        org.gan4j.Generator g = Gan.engine().generator(org.gan4j.Mlp.referenceGenerator().generatorSpec(64, 100),
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 1);
        assertThatThrownBy(() -> Gan.builder().generator(g).maxSteps(1).train(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generator outputs 100 values per image")
                .hasMessageContaining("28x28x1 = 784");
    }

    @Test
    void divergenceStopsTrainingWithTheStep() {
        assertThatThrownBy(() -> Gan.builder().learningRate(1e30).maxSteps(50).train(digits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("training diverged at step");
    }
}
