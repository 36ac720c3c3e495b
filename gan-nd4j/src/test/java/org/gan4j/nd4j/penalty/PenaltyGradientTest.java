package org.gan4j.nd4j.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.identity;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.relu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.sigmoid;
import static org.gan4j.nn.Layers.tanh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.GradientCheck;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks, in double precision and on both kernel paths, of the second-order machinery: the
 * critic's input gradient against differences of D in x, and the WGAN-GP and R1 penalties' parameter gradients
 * against differences of the penalties' values in every parameter. The critics cover every layer with a
 * double-backward: torch_recipes.py's wgan_gp MLP narrowed (dense, LeakyReLU), a convolutional critic with stride 2
 * and padding (reshape, conv, flatten), and tanh and sigmoid networks whose nonzero second derivatives make the
 * primal stream carry gradient.
 */
class PenaltyGradientTest {

    private static final DataType D = DataType.DOUBLE;
    /** A whole network through a second-order pass: a few rounding steps more than a single layer. */
    private static final double MAX_RELATIVE = 1e-4;
    private static final int BATCH = 3;

    static final Map<String, NetworkSpec> CRITICS = Map.of(
            // torch_recipes.py wgan_gp: Linear(784, 512)-LeakyReLU(0.2)-Linear(512, 256)-LeakyReLU(0.2)-Linear(256, 1)
            "mlp", NetworkSpec.sequential(Shape.vector(10), dense(7), leakyRelu(0.2), dense(5), leakyRelu(0.2),
                    dense(1)),
            "conv", NetworkSpec.sequential(Shape.vector(2 * 7 * 7), reshape(2, 7, 7), conv2d(3, 3, 2, 1),
                    leakyRelu(0.2), conv2d(4, 3, 2, 1), tanh(), flatten(), dense(1)),
            "smooth", NetworkSpec.sequential(Shape.vector(6), dense(5), tanh(), identity(), dense(4), sigmoid(),
                    dense(3), relu(), dense(1)),
            "deep-tanh", NetworkSpec.sequential(Shape.vector(5), dense(4), tanh(), dense(4), tanh(), dense(3),
                    sigmoid(), dense(1)));

    static Stream<Arguments> critics() {
        List<Arguments> all = new ArrayList<>();
        TestKernels.all().forEach(k -> CRITICS.keySet().stream().sorted().forEach(c -> all.add(Arguments.of(k, c))));
        return all.stream();
    }

    static Sequential critic(Kernels k, String name) {
        return new NetworkFactory(k).build(CRITICS.get(name), D, 11);
    }

    /** Values in ±(0.2 .. 1.2): spread, and away from zero. */
    static INDArray batch(long seed, int rows, int cols) {
        SeededRandom r = new SeededRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double m = 0.2 + r.nextDouble();
            v[i] = r.nextDouble() < 0.5 ? -m : m;
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    /** Twice the usual scale of the last layer, so that the gradient norms are near 1 and both sides of it occur. */
    static void sharpen(Sequential critic) {
        critic.parameters().muli(2.5);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("critics")
    void inputGradientMatchesDifferencesOfTheCritic(Kernels k, String name) {
        Sequential critic = critic(k, name);
        INDArray x = batch(3, BATCH, critic.inputSize());
        INDArray g = new CriticSecondOrder(k, critic).inputGradient(x).dup();
        GradientCheck.check(name + " grad_x D", x, g,
                () -> critic.forward(x, true).sumNumber().doubleValue(), 1e-6);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("critics")
    void wganGpParameterGradientMatchesDifferences(Kernels k, String name) {
        Sequential critic = critic(k, name);
        sharpen(critic);
        INDArray real = batch(4, BATCH, critic.inputSize());
        INDArray fake = batch(5, BATCH, critic.inputSize());
        double[] eps = {0.25, 0.8, 0.55};
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        critic.zeroGrad();
        double value = gp.addGradient(real, fake, eps);
        INDArray analytic = critic.gradients().dup();
        assertThat(value).isPositive().isEqualTo(gp.value(real, fake, eps));
        GradientCheck.check(name + " WGAN-GP parameters", critic.parameters(), analytic,
                () -> gp.value(real, fake, eps), MAX_RELATIVE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("critics")
    void wganGpAfterTheJointForwardPassGivesWhatTheDirectPassGives(Kernels k, String name) {
        // the step's order: D over [real; fake], the loss's backward, then the penalty reusing the first affine
        // layer's outputs of that pass (mlp, smooth, deep-tanh start with dense; conv starts with reshape, conv2d)
        Sequential critic = critic(k, name);
        sharpen(critic);
        INDArray real = batch(4, BATCH, critic.inputSize());
        INDArray fake = batch(5, BATCH, critic.inputSize());
        double[] eps = {0.25, 0.8, 0.55};
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        critic.zeroGrad();
        double direct = gp.addGradient(real, fake, eps);
        INDArray directGradient = critic.gradients().dup();
        critic.forward(Nd4j.concat(0, real, fake), true);
        critic.zeroGrad();
        double joint = gp.addGradientAfterJointForward(real, fake, eps);
        INDArray jointGradient = critic.gradients().dup();
        assertThat(joint).isCloseTo(direct, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(direct)));
        double scale = directGradient.norm2Number().doubleValue();
        assertThat(scale).isPositive();
        assertThat(jointGradient.sub(directGradient).norm2Number().doubleValue()).isLessThan(1e-12 * scale);
        // swapped halves would interpolate the other way: the shortcut must be told the pass's true order
        critic.forward(Nd4j.concat(0, fake, real), true);
        critic.zeroGrad();
        assertThat(gp.addGradientAfterJointForward(real, fake, eps)).isNotCloseTo(direct,
                org.assertj.core.data.Offset.offset(1e-6 * Math.abs(direct)));
    }

    @org.junit.jupiter.api.Test
    void wganGpAfterAForwardPassOfAnotherSizeIsRefused() {
        Kernels k = TestKernels.all().findFirst().orElseThrow();
        Sequential critic = critic(k, "mlp");
        INDArray real = batch(4, BATCH, critic.inputSize());
        critic.forward(real, true);
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gp.addGradientAfterJointForward(real, real,
                new double[] {0.1, 0.2, 0.3})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a last forward pass over 2 x 3 rows, got 3 rows");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("critics")
    void r1ParameterGradientMatchesDifferences(Kernels k, String name) {
        Sequential critic = critic(k, name);
        INDArray real = batch(6, BATCH, critic.inputSize());
        R1Penalty r1 = new R1Penalty(k, critic, 3);
        critic.zeroGrad();
        double value = r1.addGradient(real);
        INDArray analytic = critic.gradients().dup();
        assertThat(value).isPositive();
        GradientCheck.check(name + " R1 parameters", critic.parameters(), analytic, () -> r1.value(real),
                MAX_RELATIVE);
    }

    /** Training runs in FLOAT: the same penalty and gradient as in DOUBLE, to float precision. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("critics")
    void floatAgreesWithDouble(Kernels k, String name) {
        Sequential exact = critic(k, name);
        sharpen(exact);
        Sequential single = new NetworkFactory(k).build(CRITICS.get(name), DataType.FLOAT, 11);
        single.parameters().assign(exact.parameters().castTo(DataType.FLOAT));
        INDArray real = batch(4, BATCH, exact.inputSize());
        INDArray fake = batch(5, BATCH, exact.inputSize());
        double[] eps = {0.25, 0.8, 0.55};
        exact.zeroGrad();
        single.zeroGrad();
        double e = new WganGpPenalty(k, exact, 10).addGradient(real, fake, eps);
        double f = new WganGpPenalty(k, single, 10).addGradient(real.castTo(DataType.FLOAT),
                fake.castTo(DataType.FLOAT), eps);
        assertThat(f).isCloseTo(e, org.assertj.core.data.Percentage.withPercentage(1e-3));
        INDArray diff = single.gradients().castTo(DataType.DOUBLE).sub(exact.gradients());
        assertThat(diff.norm2Number().doubleValue())
                .isLessThan(1e-4 * exact.gradients().norm2Number().doubleValue());
    }

    /**
     * The critic step's contract: after {@code zeroGrad()} the penalty adds to whatever the loss's backward pass
     * wrote, in either order (the zeroing is deferred, so the first contribution must not add to stale values).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("critics")
    void thePenaltyAddsToTheLossGradientInEitherOrder(Kernels k, String name) {
        Sequential critic = critic(k, name);
        INDArray real = batch(4, BATCH, critic.inputSize());
        INDArray fake = batch(5, BATCH, critic.inputSize());
        INDArray dOut = batch(6, BATCH, 1);
        double[] eps = {0.25, 0.8, 0.55};
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        critic.gradients().assign(7); // stale values a deferred zeroing must hide
        critic.zeroGrad();
        critic.forward(real, true);
        critic.backward(dOut);
        INDArray loss = critic.gradients().dup();
        critic.zeroGrad();
        gp.addGradient(real, fake, eps);
        INDArray penalty = critic.gradients().dup();
        INDArray expected = loss.add(penalty);

        critic.gradients().assign(7);
        critic.zeroGrad();
        critic.forward(real, true);
        critic.backward(dOut);
        gp.addGradient(real, fake, eps);
        assertThat(critic.gradients().sub(expected).amaxNumber().doubleValue()).as("loss, then penalty")
                .isLessThan(1e-12);

        critic.gradients().assign(7);
        critic.zeroGrad();
        gp.addGradient(real, fake, eps);
        critic.forward(real, true);
        critic.backward(dOut);
        assertThat(critic.gradients().sub(expected).amaxNumber().doubleValue()).as("penalty, then loss")
                .isLessThan(1e-12);
    }
}
