package org.gan4j.nd4j.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.convTranspose2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.dropout;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.reshape;

import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a gradient penalty refuses, before any pass runs: a critic with a layer that has no double-backward (named,
 * with its position, from the spec alone and from the built network), interpolation weights that are not one per
 * example in [0, 1], batches of different shapes, a non-positive weight; and what it does at a zero input gradient,
 * where the norm has no derivative.
 */
class PenaltyRefusalTest {

    private static final NetworkSpec WITH_BATCH_NORM = NetworkSpec.sequential(Shape.vector(8), dense(6),
            batchNorm(), leakyRelu(0.2), dense(1));
    private static final NetworkSpec WITH_DROPOUT = NetworkSpec.sequential(Shape.vector(8), dense(6),
            leakyRelu(0.2), dropout(0.3), dense(1));
    private static final NetworkSpec WITH_CONV_TRANSPOSE = NetworkSpec.sequential(Shape.vector(4), reshape(1, 2, 2),
            convTranspose2d(1, 4, 2, 1, 0), flatten(), dense(1));

    @Test
    void aSpecWithBatchNormOrDropoutIsRefusedNamingTheLayerAndItsPosition() {
        NetworkFactory factory = new NetworkFactory(new org.gan4j.nd4j.kernels.PortableKernels());
        assertThatThrownBy(() -> factory.requireDoubleBackward(WITH_BATCH_NORM, "discriminator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discriminator layer 1 (BatchNorm")
                .hasMessageContaining("no double-backward");
        assertThatThrownBy(() -> factory.requireDoubleBackward(WITH_DROPOUT, "discriminator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discriminator layer 2 (Dropout");
        assertThatThrownBy(() -> factory.requireDoubleBackward(WITH_CONV_TRANSPOSE, "critic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("critic layer 1 (ConvTranspose2d");
        assertThatCode(() -> factory.requireDoubleBackward(PenaltyGradientTest.CRITICS.get("conv"), "critic"))
                .doesNotThrowAnyException();
        assertThatCode(() -> factory.requireDoubleBackward(PenaltyGradientTest.CRITICS.get("smooth"), "critic"))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void aBuiltCriticWithBatchNormOrDropoutIsRefusedByBothPenalties(Kernels k) {
        NetworkFactory factory = new NetworkFactory(k);
        Sequential bn = factory.build(WITH_BATCH_NORM, DataType.DOUBLE, 1);
        Sequential drop = factory.build(WITH_DROPOUT, DataType.DOUBLE, 1);
        assertThatThrownBy(() -> new WganGpPenalty(k, bn, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("critic layer 1 (BatchNorm");
        assertThatThrownBy(() -> new R1Penalty(k, drop, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("critic layer 2 (Dropout");
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void badWeightsAndShapesAreRefusedBeforeAnyPass(Kernels k) {
        Sequential critic = new NetworkFactory(k).build(PenaltyGradientTest.CRITICS.get("mlp"), DataType.DOUBLE, 1);
        INDArray real = PenaltyGradientTest.batch(1, 3, critic.inputSize());
        INDArray fake = PenaltyGradientTest.batch(2, 3, critic.inputSize());
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        critic.zeroGrad();
        INDArray before = critic.gradients().dup();
        assertThatThrownBy(() -> gp.addGradient(real, fake, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one interpolation weight per example: 3 rows, got 2");
        assertThatThrownBy(() -> gp.addGradient(real, fake, new double[] {0.5, 1.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 1 must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> gp.addGradient(real, fake, new double[] {0.5, Double.NaN, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 1");
        INDArray shortFake = PenaltyGradientTest.batch(2, 2, critic.inputSize());
        assertThatThrownBy(() -> gp.addGradient(real, shortFake, new SeededRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("real batch [3, 10] and fake batch [2, 10] must both be [batch, 10]");
        assertThatThrownBy(() -> gp.addGradient(real.castTo(DataType.FLOAT), fake.castTo(DataType.FLOAT), eps3()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be of the critic's type DOUBLE");
        SeededRandom untouched = new SeededRandom(1);
        assertThatThrownBy(() -> gp.addGradient(real, shortFake, untouched))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(untouched.nextLong()).as("a refused call draws nothing").isEqualTo(new SeededRandom(1).nextLong());
        assertThat(critic.gradients()).as("nothing was added").isEqualTo(before);
        assertThatThrownBy(() -> new WganGpPenalty(k, critic, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WGAN-GP lambda must be positive");
        assertThatThrownBy(() -> new R1Penalty(k, critic, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("R1 gamma must be positive");
    }

    private static double[] eps3() {
        return new double[] {0.5, 0.5, 0.5};
    }

    /** At a zero gradient PyTorch takes the norm's subgradient 0: value lambda, no NaN in the gradients. */
    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void aZeroInputGradientGivesLambdaAndFiniteGradients(Kernels k) {
        Sequential critic = new NetworkFactory(k).build(PenaltyGradientTest.CRITICS.get("mlp"), DataType.DOUBLE, 1);
        critic.parameters().assign(0);
        INDArray real = PenaltyGradientTest.batch(1, 3, critic.inputSize());
        INDArray fake = PenaltyGradientTest.batch(2, 3, critic.inputSize());
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        critic.zeroGrad();
        assertThat(gp.addGradient(real, fake, new SeededRandom(3))).isEqualTo(10.0);
        assertThat(gp.lastMeanGradientNorm()).isZero();
        assertThat(java.util.Arrays.stream(critic.gradients().toDoubleVector()).allMatch(Double::isFinite)).isTrue();
    }

    /** The stream form draws one weight per example, in row order: the same stream gives the same penalty. */
    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void theStreamFormDrawsOneWeightPerExample(Kernels k) {
        Sequential critic = new NetworkFactory(k).build(PenaltyGradientTest.CRITICS.get("conv"), DataType.DOUBLE, 1);
        INDArray real = PenaltyGradientTest.batch(1, 3, critic.inputSize());
        INDArray fake = PenaltyGradientTest.batch(2, 3, critic.inputSize());
        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        SeededRandom r = new SeededRandom(9);
        double[] eps = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
        critic.zeroGrad();
        double fromStream = gp.addGradient(real, fake, new SeededRandom(9));
        INDArray g1 = critic.gradients().dup();
        critic.zeroGrad();
        assertThat(gp.addGradient(real, fake, eps)).isEqualTo(fromStream);
        assertThat(critic.gradients()).isEqualTo(g1);
    }
}
