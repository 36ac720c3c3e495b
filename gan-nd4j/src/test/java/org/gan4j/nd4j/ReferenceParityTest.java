package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.gan4j.Gan;
import org.gan4j.GanResult;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fidelity to the PyTorch reference: the reference configuration trained for 93,750 steps on the 10,000 MNIST test
 * digits (the reference's 50 epochs of 60k images) must land in the reference's loss ranges, period by period
 * (../shared/reference/seed-pytorch-mnist10k-losses.md: three PyTorch seeds), and end with diverse samples. The
 * bands are the three seeds' range widened by the spread GAN training shows between seeds; the long run takes
 * about three minutes on one core.
 */
class ReferenceParityTest {

    /** Period ends (steps) and the reference's [min, max] over seeds 0, 1, 2 of mean lossD and mean lossG. */
    private static final long[] PERIOD_END = {1_875, 9_375, 18_750, 46_875, 93_750};
    private static final double[][] LOSS_D = {{0.405, 0.459}, {0.542, 0.613}, {0.489, 0.634}, {0.559, 0.579},
            {0.574, 0.589}};
    private static final double[][] LOSS_G = {{1.184, 1.344}, {1.027, 1.254}, {1.126, 1.544}, {1.411, 1.588},
            {1.353, 1.385}};
    private static final double D_MARGIN = 0.06;
    private static final double G_MARGIN = 0.2;

    @Test
    void referenceConfigurationLandsInThePyTorchRanges() throws IOException {
        ImageDataset digits = Mnist.load(TrainingTest.MNIST);
        double[] sumD = new double[PERIOD_END.length];
        double[] sumG = new double[PERIOD_END.length];
        long[] count = new long[PERIOD_END.length];
        GanResult result = Gan.builder().maxSteps(PERIOD_END[PERIOD_END.length - 1]).listener(new TrainingListener() {
            private int period;

            @Override
            public void onStep(StepMetrics m) {
                if (m.step() > PERIOD_END[period]) {
                    period++;
                }
                sumD[period] += m.lossD();
                sumG[period] += m.lossG();
                count[period]++;
            }
        }).train(digits);

        StringBuilder report = new StringBuilder();
        for (int p = 0; p < PERIOD_END.length; p++) {
            report.append(String.format("to step %d: lossD %.3f, lossG %.3f%n", PERIOD_END[p], sumD[p] / count[p],
                    sumG[p] / count[p]));
        }
        for (int p = 0; p < PERIOD_END.length; p++) {
            assertThat(sumD[p] / count[p]).as("mean lossD to step %s%n%s", PERIOD_END[p], report)
                    .isBetween(LOSS_D[p][0] - D_MARGIN, LOSS_D[p][1] + D_MARGIN);
            assertThat(sumG[p] / count[p]).as("mean lossG to step %s%n%s", PERIOD_END[p], report)
                    .isBetween(LOSS_G[p][0] - G_MARGIN, LOSS_G[p][1] + G_MARGIN);
        }

        // Not collapsed: the samples vary from one another about as much as real digits do.
        INDArray samples = result.generator().sample(500);
        float[] real = new float[500 * 784];
        digits.copyImages(java.util.stream.IntStream.range(0, 500).toArray(), 0, 500, real);
        INDArray reals = Nd4j.createFromArray(real).reshape('c', 500, 784);
        double sampleSpread = samples.std(0).meanNumber().doubleValue();
        double realSpread = reals.std(0).meanNumber().doubleValue();
        assertThat(sampleSpread).as("per-pixel spread of samples vs real digits (%s)", realSpread)
                .isGreaterThan(0.6 * realSpread);
    }
}
