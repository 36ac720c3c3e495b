package org.gan4j.nd4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.gan4j.Loss;
import org.gan4j.Objective;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every objective's losses: gradients against centred finite differences in double precision on both kernel
 * paths, and hand-computed values.
 */
class ObjectiveLossesTest {

    private static final List<Objective> ALL = List.of(Objective.nonSaturating(), new Objective.NonSaturating(0.9),
            new Objective.Minimax(), new Objective.LeastSquares(), new Objective.Wasserstein(0.01),
            new Objective.Hinge(), new Objective.RelativisticAverage());

    static Stream<Arguments> objectivesAndKernels() {
        List<Arguments> out = new ArrayList<>();
        for (Objective o : ALL) {
            TestKernels.all().forEach(k -> out.add(Arguments.of(o, k)));
        }
        return out.stream();
    }

    private static INDArray column(double... v) {
        return Nd4j.createFromArray(v).reshape('c', v.length, 1);
    }

    /** Values away from the hinge's kinks at -1 and 1, of both signs. */
    private static double[] outputs(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = r.nextGaussian() * 1.5;
            } while (Math.abs(Math.abs(x) - 1) < 0.05);
            v[i] = x;
        }
        return v;
    }

    private static double lossD(Loss loss, double[] r, double[] f) {
        return loss.discriminatorLoss(column(r), column(f), Nd4j.zeros(DataType.DOUBLE, r.length, 1),
                Nd4j.zeros(DataType.DOUBLE, f.length, 1));
    }

    private static double lossG(Loss loss, double[] r, double[] f) {
        INDArray g = Nd4j.zeros(DataType.DOUBLE, f.length, 1);
        return loss.generatorNeedsRealOutputs() ? loss.generatorLoss(column(r), column(f), g)
                : loss.generatorLoss(column(f), g);
    }

    private static double relativeError(double a, double n) {
        double scale = Math.abs(a) + Math.abs(n);
        return scale < 1e-8 ? Math.abs(a - n) : Math.abs(a - n) / scale;
    }

    @ParameterizedTest
    @MethodSource("objectivesAndKernels")
    void gradientsMatchFiniteDifferences(Objective objective, Kernels kernels) {
        Loss loss = ObjectiveLosses.create(objective, kernels);
        Random random = new Random(objective.toString().hashCode());
        double[] r = outputs(random, 5);
        double[] f = outputs(random, 4);
        INDArray gr = Nd4j.zeros(DataType.DOUBLE, r.length, 1);
        INDArray gf = Nd4j.zeros(DataType.DOUBLE, f.length, 1);
        loss.discriminatorLoss(column(r), column(f), gr, gf);
        INDArray gg = Nd4j.zeros(DataType.DOUBLE, f.length, 1);
        if (loss.generatorNeedsRealOutputs()) {
            loss.generatorLoss(column(r), column(f), gg);
        } else {
            loss.generatorLoss(column(f), gg);
        }
        double h = 1e-6;
        int compared = 0;
        for (int side = 0; side < 2; side++) {
            double[] x = side == 0 ? r : f;
            INDArray analytic = side == 0 ? gr : gf;
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + h;
                double up = lossD(loss, r, f);
                double upG = lossG(loss, r, f);
                x[i] = keep - h;
                double down = lossD(loss, r, f);
                double downG = lossG(loss, r, f);
                x[i] = keep;
                assertThat(relativeError(analytic.getDouble(i), (up - down) / (2 * h)))
                        .as("%s: d lossD / d %s[%d]", objective, side == 0 ? "real" : "fake", i).isLessThan(1e-6);
                compared++;
                if (side == 1) {
                    assertThat(relativeError(gg.getDouble(i), (upG - downG) / (2 * h)))
                            .as("%s: d lossG / d fake[%d]", objective, i).isLessThan(1e-6);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(r.length + 2 * f.length);
    }

    @ParameterizedTest
    @MethodSource("objectivesAndKernels")
    void separabilityIsWhatTheObjectiveSays(Objective objective, Kernels kernels) {
        // a separable loss's real gradient does not move when the fake outputs do
        Loss loss = ObjectiveLosses.create(objective, kernels);
        assertThat(loss.separable()).isEqualTo(objective.separable());
        INDArray gr1 = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        INDArray gr2 = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        INDArray gf = Nd4j.zeros(DataType.DOUBLE, 2, 1);
        loss.discriminatorLoss(column(0.3, -0.4, 1.7), column(-0.2, 0.5), gr1, gf);
        loss.discriminatorLoss(column(0.3, -0.4, 1.7), column(2.5, -1.5), gr2, gf);
        assertThat(gr1.equalsWithEps(gr2, 1e-15)).isEqualTo(objective.separable());
    }

    @Test
    void handComputedValues() {
        Kernels k = TestKernels.all().findFirst().orElseThrow();
        Loss ls = ObjectiveLosses.create(new Objective.LeastSquares(), k);
        assertThat(lossD(ls, new double[] {1, 1}, new double[] {0})).isEqualTo(0.0);
        assertThat(lossD(ls, new double[] {3}, new double[] {2})).isCloseTo((4 + 4) / 2.0, offset(1e-15));
        assertThat(lossG(ls, null, new double[] {3})).isCloseTo(2.0, offset(1e-15));

        Loss w = ObjectiveLosses.create(new Objective.Wasserstein(0), k);
        assertThat(lossD(w, new double[] {2, 4}, new double[] {1})).isCloseTo(1 - 3.0, offset(1e-15));
        assertThat(lossG(w, null, new double[] {1, 2})).isCloseTo(-1.5, offset(1e-15));

        Loss hinge = ObjectiveLosses.create(new Objective.Hinge(), k);
        assertThat(lossD(hinge, new double[] {2}, new double[] {-2})).isEqualTo(0.0); // both beyond the margin
        assertThat(lossD(hinge, new double[] {0.5}, new double[] {0.25})).isCloseTo(0.5 + 1.25, offset(1e-15));

        Loss minimax = ObjectiveLosses.create(new Objective.Minimax(), k);
        // log(1 - sigmoid(0)) = log(1/2)
        assertThat(lossG(minimax, null, new double[] {0})).isCloseTo(Math.log(0.5), offset(1e-15));

        Loss ra = ObjectiveLosses.create(new Objective.RelativisticAverage(), k);
        // equal outputs: every difference 0, each softplus(0) = log 2
        assertThat(lossD(ra, new double[] {0.7, 0.7}, new double[] {0.7})).isCloseTo(Math.log(2), offset(1e-15));
        assertThat(lossG(ra, new double[] {0.7}, new double[] {0.7, 0.7})).isCloseTo(Math.log(2), offset(1e-15));

        Loss smoothed = ObjectiveLosses.create(new Objective.NonSaturating(0.9), k);
        // BCE(sigmoid(0), 0.9) = log 2 whatever the target; the gradient is (sigmoid(0) - 0.9) / (2n)
        INDArray gr = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        smoothed.discriminatorLoss(column(0), column(0), gr, Nd4j.zeros(DataType.DOUBLE, 1, 1));
        assertThat(gr.getDouble(0)).isCloseTo((0.5 - 0.9) / 2, offset(1e-15));
    }
}
