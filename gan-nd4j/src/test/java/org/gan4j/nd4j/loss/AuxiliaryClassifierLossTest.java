package org.gan4j.nd4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gan4j.Loss;
import org.gan4j.Objective;
import org.gan4j.nd4j.GradientCheck;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ACGAN's combined losses (an adversarial objective on column 0 of D's outputs plus the class cross-entropy on the
 * others): centred finite differences in double on both kernel paths, PyTorch's values and gradients from
 * bench/fixtures/make_acgan_loss_fixture.py, and the accuracies the step reports.
 */
class AuxiliaryClassifierLossTest {

    private static final List<Objective> ADVERSARIAL = List.of(new Objective.NonSaturating(0.9),
            new Objective.Hinge(), new Objective.RelativisticAverage(), new Objective.LeastSquares());

    static Stream<Arguments> objectivesAndKernels() {
        List<Arguments> out = new ArrayList<>();
        for (Objective o : ADVERSARIAL) {
            TestKernels.all().forEach(k -> out.add(Arguments.of(o, k)));
        }
        return out.stream();
    }

    static Stream<Kernels> kernels() {
        return TestKernels.all();
    }

    /** Outputs away from the hinge's kinks at -1 and 1. */
    private static INDArray outputs(Random r, int n, int k) {
        double[][] v = new double[n][1 + k];
        for (double[] row : v) {
            for (int j = 0; j < row.length; j++) {
                double x;
                do {
                    x = r.nextGaussian() * 1.5;
                } while (Math.abs(Math.abs(x) - 1) < 0.05);
                row[j] = x;
            }
        }
        return Nd4j.createFromArray(v);
    }

    private static double lossG(Loss loss, INDArray real, INDArray fake, INDArray grad) {
        return loss.generatorNeedsRealOutputs() ? loss.generatorLoss(real, fake, grad) : loss.generatorLoss(fake, grad);
    }

    @ParameterizedTest
    @MethodSource("objectivesAndKernels")
    void gradientsMatchFiniteDifferences(Objective adversarial, Kernels kernels) {
        Objective objective = adversarial.withAuxiliaryClassifier(0.8);
        AuxiliaryClassifierLoss loss = (AuxiliaryClassifierLoss) ObjectiveLosses.create(objective, kernels);
        Random random = new Random(objective.toString().hashCode());
        int k = 4;
        INDArray real = outputs(random, 5, k);
        INDArray fake = outputs(random, 3, k);
        loss.labels(new int[] {0, 3, 2, 2, 1}, new int[] {3, 0, 1});
        INDArray gr = Nd4j.zeros(DataType.DOUBLE, 5, 1 + k);
        INDArray gf = Nd4j.zeros(DataType.DOUBLE, 3, 1 + k);
        loss.discriminatorLoss(real, fake, gr, gf);
        INDArray scratchR = Nd4j.zeros(DataType.DOUBLE, 5, 1 + k);
        INDArray scratchF = Nd4j.zeros(DataType.DOUBLE, 3, 1 + k);
        GradientCheck.check(objective + " lossD / real", real, gr,
                () -> loss.discriminatorLoss(real, fake, scratchR, scratchF), 1e-6);
        GradientCheck.check(objective + " lossD / fake", fake, gf,
                () -> loss.discriminatorLoss(real, fake, scratchR, scratchF), 1e-6);
        INDArray gg = Nd4j.zeros(DataType.DOUBLE, 3, 1 + k);
        lossG(loss, real, fake, gg);
        GradientCheck.check(objective + " lossG / fake", fake, gg, () -> lossG(loss, real, fake, scratchF), 1e-6);
        // the class columns' gradient is the cross-entropy's, the adversarial column the objective's alone
        Loss plain = ObjectiveLosses.create(adversarial, kernels);
        INDArray gr0 = Nd4j.zeros(DataType.DOUBLE, 5, 1);
        INDArray gf0 = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        plain.discriminatorLoss(real.getColumns(0).dup(), fake.getColumns(0).dup(), gr0, gf0);
        assertThat(gr.getColumns(0).dup().toDoubleVector()).containsExactly(gr0.toDoubleVector(), within(1e-15));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void valuesAreTheObjectivesPlusTheWeightedCrossEntropyAndAccuraciesCountTheTopLogit(Kernels kernels) {
        AuxiliaryClassifierLoss loss = (AuxiliaryClassifierLoss) ObjectiveLosses.create(
                new Objective.Wasserstein(0).withAuxiliaryClassifier(2), kernels);
        // class logits (0, 0, 0): CE = log 3 for every row; real row 1 favours its label, fake row 0 another class
        INDArray real = Nd4j.createFromArray(new double[][] {{1, 0, 0, 0}, {3, 0, 5, 0}});
        INDArray fake = Nd4j.createFromArray(new double[][] {{-1, 4, 0, 0}});
        loss.labels(new int[] {0, 1}, new int[] {2});
        double lossD = loss.discriminatorLoss(real, fake, Nd4j.zeros(DataType.DOUBLE, 2, 4),
                Nd4j.zeros(DataType.DOUBLE, 1, 4));
        double ceReal = (Math.log(3) + (Math.log(2 + Math.exp(5)) - 5)) / 2;
        double ceFake = Math.log(2 + Math.exp(4));
        assertThat(lossD).isCloseTo((-1 - 2.0) + 2 * (ceReal + ceFake) / 2, within(1e-12));
        assertThat(loss.lastAdversarialReal().toDoubleVector()).containsExactly(1, 3);
        assertThat(loss.lastAdversarialFake().toDoubleVector()).containsExactly(-1);
        assertThat(loss.accuracyReal()).as("row 0 ties (the first class wins), row 1 is right").isEqualTo(1.0);
        assertThat(loss.accuracyFake()).isZero();
        assertThat(loss.generatorLoss(fake, Nd4j.zeros(DataType.DOUBLE, 1, 4))).isCloseTo(1 + 2 * ceFake,
                within(1e-12));
        assertThat(loss.name()).isEqualTo("wgan+aux");
        loss.labels(new int[] {0, 3}, new int[] {2});
        assertThatThrownBy(() -> loss.discriminatorLoss(real, fake, Nd4j.zeros(DataType.DOUBLE, 2, 4),
                Nd4j.zeros(DataType.DOUBLE, 1, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 of real row 1 is outside the auxiliary classifier's 3 classes");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void matchesPyTorch(Kernels kernels) throws IOException {
        int cases = 0;
        try (InputStream in = getClass().getResourceAsStream("/pytorch-fixtures/acgan-loss.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String header = r.readLine(); header != null; header = r.readLine()) {
                String[] h = header.split(" ");
                double weight = Double.parseDouble(h[2]);
                int nr = Integer.parseInt(h[3]);
                int nf = Integer.parseInt(h[4]);
                int k = Integer.parseInt(h[5]);
                Objective adversarial = h[1].equals("hinge") ? new Objective.Hinge() : new Objective.NonSaturating(0.9);
                AuxiliaryClassifierLoss loss = (AuxiliaryClassifierLoss) ObjectiveLosses.create(
                        adversarial.withAuxiliaryClassifier(weight), kernels);
                int[] y = ints(r.readLine());
                int[] yf = ints(r.readLine());
                INDArray real = Nd4j.createFromArray(read(r, nr));
                INDArray fake = Nd4j.createFromArray(read(r, nf));
                double lossD = Double.parseDouble(r.readLine().split(" ")[1]);
                INDArray gradReal = Nd4j.createFromArray(read(r, nr));
                INDArray gradFake = Nd4j.createFromArray(read(r, nf));
                double lossG = Double.parseDouble(r.readLine().split(" ")[1]);
                INDArray gradG = Nd4j.createFromArray(read(r, nf));
                loss.labels(y, yf);
                INDArray gr = Nd4j.zeros(DataType.DOUBLE, nr, 1 + k);
                INDArray gf = Nd4j.zeros(DataType.DOUBLE, nf, 1 + k);
                assertThat(loss.discriminatorLoss(real, fake, gr, gf)).as(h[1] + " lossD")
                        .isCloseTo(lossD, within(1e-12));
                assertThat(gr.sub(gradReal).amaxNumber().doubleValue()).as(h[1] + " d lossD / d real")
                        .isLessThan(1e-13);
                assertThat(gf.sub(gradFake).amaxNumber().doubleValue()).as(h[1] + " d lossD / d fake")
                        .isLessThan(1e-13);
                INDArray gg = Nd4j.zeros(DataType.DOUBLE, nf, 1 + k);
                assertThat(loss.generatorLoss(fake, gg)).as(h[1] + " lossG").isCloseTo(lossG, within(1e-12));
                assertThat(gg.sub(gradG).amaxNumber().doubleValue()).as(h[1] + " d lossG / d fake")
                        .isLessThan(1e-13);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(2);
    }

    private static int[] ints(String line) {
        return Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[][] read(BufferedReader r, int rows) throws IOException {
        double[][] v = new double[rows][];
        for (int i = 0; i < rows; i++) {
            v[i] = Arrays.stream(r.readLine().split(" ")).mapToDouble(Double::parseDouble).toArray();
        }
        return v;
    }
}
