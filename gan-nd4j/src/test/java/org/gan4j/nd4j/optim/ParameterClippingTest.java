package org.gan4j.nd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.gan4j.SeededRandom;
import org.gan4j.io.ArrayBytes;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.Dense;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * WGAN's weight clipping as a constraint of the optimizer's update ({@link Optimizer#clipParameters}) is, bit for bit,
 * what the training step did before: the update, then ND4J's in-place {@code min} and {@code max} on the network's
 * parameters, then {@link Optimizer#parametersChanged()}; for every optimizer, both kernel paths and both types.
 */
class ParameterClippingTest {

    private static final double BOUND = 0.05;

    static Stream<Arguments> cases() {
        List<OptimizerSpec> specs = List.of(OptimizerSpec.adam(1e-2, 0.5, 0.999, 1e-8),
                OptimizerSpec.rmsProp(5e-3, 0.9, 1e-8, 0), OptimizerSpec.rmsProp(5e-3, 0.9, 1e-8, 0.5),
                OptimizerSpec.sgd(0.05, 0), OptimizerSpec.sgd(0.05, 0.9));
        return TestKernels.all().flatMap(k -> specs.stream().flatMap(s -> Stream.of(DataType.FLOAT, DataType.DOUBLE)
                .map(t -> Arguments.of(k, s, t))));
    }

    private static Sequential net(Kernels k, DataType type) {
        Sequential n = new Sequential(k, type, List.of(new Dense(k, type, 20, 10)));
        n.parameters().assign(Nd4j.linspace(type, -0.2, 0.2, n.parameterCount()));
        return n;
    }

    /** The step's clipping before it became the optimizer's. */
    private static void clampAfter(Optimizer o, INDArray parameters) {
        Transforms.min(parameters, BOUND, false);
        Transforms.max(parameters, -BOUND, false);
        o.parametersChanged();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void clippingInTheUpdateIsTheClampAfterItBitForBit(Kernels k, OptimizerSpec spec, DataType type) {
        Sequential constrained = net(k, type);
        Sequential clampedAfter = net(k, type);
        Optimizer a = Optimizers.create(k, constrained, spec, LearningRateSchedule.linearDecay(10), 10);
        Optimizer b = Optimizers.create(k, clampedAfter, spec, LearningRateSchedule.linearDecay(10), 10);
        a.clipParameters(BOUND);
        SeededRandom r = new SeededRandom(17);
        int atTheBound = 0;
        for (int t = 0; t < 8; t++) {
            double[] g = new double[(int) constrained.parameterCount()];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextGaussian();
            }
            constrained.gradients().assign(Nd4j.createFromArray(g).castTo(type));
            clampedAfter.gradients().assign(Nd4j.createFromArray(g).castTo(type));
            a.step();
            b.step();
            clampAfter(b, clampedAfter.parameters());
            assertThat(ArrayBytes.toBytes(constrained.parameters())).as("parameters after update %s", t + 1)
                    .isEqualTo(ArrayBytes.toBytes(clampedAfter.parameters()));
        }
        for (double p : constrained.parameters().toDoubleVector()) {
            assertThat(Math.abs(p)).isLessThanOrEqualTo(BOUND + 1e-8);
            atTheBound += Math.abs(Math.abs(p) - BOUND) < 1e-7 ? 1 : 0;
        }
        assertThat(atTheBound).as("parameters held at the bound (the clip did something)").isGreaterThan(20);

        // 0 turns it off: the next updates are plain ones
        a.clipParameters(0);
        constrained.gradients().assign(-1);
        a.step();
        assertThat(constrained.parameters().maxNumber().doubleValue()).isGreaterThan(BOUND);
    }

    @Test
    void aNaNParameterBecomesTheBoundAsWithNd4jsMinAndMax() {
        for (Kernels k : TestKernels.all().toList()) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                Sequential constrained = net(k, type);
                Sequential clampedAfter = net(k, type);
                Optimizer a = Optimizers.create(k, constrained, OptimizerSpec.sgd(0.1, 0), LearningRateSchedule
                        .constant(), 1);
                Optimizer b = Optimizers.create(k, clampedAfter, OptimizerSpec.sgd(0.1, 0), LearningRateSchedule
                        .constant(), 1);
                a.clipParameters(BOUND);
                for (Sequential n : List.of(constrained, clampedAfter)) {
                    n.gradients().assign(0);
                    n.gradients().putScalar(3, Double.NaN);
                    n.gradients().putScalar(4, Double.POSITIVE_INFINITY);
                    n.gradients().putScalar(5, Double.NEGATIVE_INFINITY);
                }
                a.step();
                b.step();
                clampAfter(b, clampedAfter.parameters());
                assertThat(ArrayBytes.toBytes(constrained.parameters())).as("%s %s", k, type)
                        .isEqualTo(ArrayBytes.toBytes(clampedAfter.parameters()));
            }
        }
    }

    @Test
    void aNegativeOrNonFiniteBoundIsRefused() {
        Kernels k = new CpuKernels();
        Optimizer o = Optimizers.create(k, net(k, DataType.FLOAT), OptimizerSpec.adam(1e-3, 0.9, 0.999, 1e-8),
                LearningRateSchedule.constant(), 1);
        for (double bad : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> o.clipParameters(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("clipping bound must be positive and finite (0 for none), got " + bad);
        }
    }
}
