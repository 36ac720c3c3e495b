package org.gan4j.nd4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gan4j.nd4j.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classifier loss: finite differences in double, PyTorch's {@code F.cross_entropy} bit for bit (within double
 * rounding) from bench/fixtures/make_cross_entropy_fixture.py, and stability for large logits. The loss does not go
 * through the kernels (it is host arithmetic on the logits), so there is one path to check.
 */
class SoftmaxCrossEntropyTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(11);
        INDArray logits = Nd4j.randn(DataType.DOUBLE, 7, 5).muli(3);
        int[] labels = {0, 4, 1, 1, 3, 2, 4};
        INDArray grad = Nd4j.create(DataType.DOUBLE, 7, 5);
        SoftmaxCrossEntropy.loss(logits, labels, 0, grad);
        double worst = GradientCheck.check("logits", logits, grad,
                () -> SoftmaxCrossEntropy.loss(logits, labels, 0, null), 1e-6);
        assertThat(worst).isLessThan(1e-6);
    }

    @Test
    void matchesPyTorchCrossEntropy() throws IOException {
        int cases = 0;
        try (InputStream in = getClass().getResourceAsStream("/pytorch-fixtures/cross-entropy.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String header = r.readLine(); header != null; header = r.readLine()) {
                String[] h = header.split(" ");
                int rows = Integer.parseInt(h[2]);
                int classes = Integer.parseInt(h[3]);
                int[] labels = Arrays.stream(r.readLine().split(" ")).mapToInt(Integer::parseInt).toArray();
                INDArray logits = Nd4j.createFromArray(read(r, rows));
                double loss = Double.parseDouble(r.readLine().split(" ")[1]);
                INDArray expectedGrad = Nd4j.createFromArray(read(r, rows));
                INDArray grad = Nd4j.create(DataType.DOUBLE, rows, classes);
                assertThat(SoftmaxCrossEntropy.loss(logits, labels, 0, grad)).as(h[1])
                        .isCloseTo(loss, within(1e-12 * Math.max(1, loss)));
                double diff = grad.sub(expectedGrad).amaxNumber().doubleValue();
                assertThat(diff).as(h[1] + " gradient").isLessThan(1e-13); // |grad| <= 1: double rounding
                cases++;
            }
        }
        assertThat(cases).isEqualTo(3);
    }

    private static double[][] read(BufferedReader r, int rows) throws IOException {
        double[][] v = new double[rows][];
        for (int i = 0; i < rows; i++) {
            v[i] = Arrays.stream(r.readLine().split(" ")).mapToDouble(Double::parseDouble).toArray();
        }
        return v;
    }

    @Test
    void largeLogitsGiveFiniteLossesAndGradients() {
        INDArray logits = Nd4j.createFromArray(new float[][] {{1e30f, -1e30f}, {80f, 0f}});
        INDArray grad = Nd4j.create(DataType.FLOAT, 2, 2);
        double loss = SoftmaxCrossEntropy.loss(logits, new int[] {1, 0}, 0, grad);
        assertThat(loss).isCloseTo((2.0 * 1e30f + Math.log1p(Math.exp(-80))) / 2, within(1e16));
        assertThat(grad.toFloatMatrix()[0]).containsExactly(0.5f, -0.5f);
        assertThat(Double.isFinite(grad.sumNumber().doubleValue())).isTrue();
        INDArray p = SoftmaxCrossEntropy.softmax(logits);
        assertThat(p.toDoubleMatrix()[0]).containsExactly(1.0, 0.0);
    }

    @Test
    void labelsFromAnOffsetAndRowsSummingToZero() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{0.5, 1.5, -1}, {2, 0, 0}});
        INDArray grad = Nd4j.create(DataType.DOUBLE, 2, 3);
        double loss = SoftmaxCrossEntropy.loss(logits, new int[] {9, 9, 1, 0}, 2, grad);
        double expected = (logSumExp(0.5, 1.5, -1) - 1.5 + logSumExp(2, 0, 0) - 2) / 2;
        assertThat(loss).isCloseTo(expected, within(1e-15));
        assertThat(grad.sum(1).toDoubleVector()).containsExactly(new double[] {0, 0}, within(1e-16));
    }

    private static double logSumExp(double... z) {
        return Math.log(Arrays.stream(z).map(Math::exp).sum());
    }

    @Test
    void refusesLabelsOutOfRangeAndTooFewLabels() {
        INDArray logits = Nd4j.zeros(DataType.FLOAT, 2, 3);
        assertThatThrownBy(() -> SoftmaxCrossEntropy.loss(logits, new int[] {0, 3}, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 of row 1");
        assertThatThrownBy(() -> SoftmaxCrossEntropy.loss(logits, new int[] {0}, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only 1 labels");
        assertThatThrownBy(() -> SoftmaxCrossEntropy.loss(logits, new int[] {0, 1}, 0,
                Nd4j.zeros(DataType.FLOAT, 2, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grad must be [2, 3]");
    }
}
