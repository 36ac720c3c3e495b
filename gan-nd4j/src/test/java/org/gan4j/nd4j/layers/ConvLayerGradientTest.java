package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.gan4j.SeededRandom;
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
 * Finite-difference checks of the image layers (convolutions, batch normalisation, dropout) on every kernel
 * implementation, in double precision, over odd sizes, strides, paddings and batch sizes: f(x) = sum(forward(x) *
 * dOut) against the input gradient and every parameter gradient.
 */
class ConvLayerGradientTest {

    private static final DataType D = DataType.DOUBLE;
    private static final double MAX_RELATIVE = 1e-5;

    /** A layer with its own flat parameter and gradient buffers, parameters drawn at random. */
    record Bound(Layer layer, INDArray params, INDArray grads) {
        static Bound of(Layer layer, long seed) {
            INDArray params = layer.parameterCount() == 0 ? null : Nd4j.zeros(D, layer.parameterCount());
            INDArray grads = layer.parameterCount() == 0 ? null : Nd4j.zeros(D, layer.parameterCount());
            if (params != null) {
                layer.bind(params, grads);
                layer.initialize(new SeededRandom(seed));
            }
            return new Bound(layer, params, grads);
        }
    }

    /** Random values away from zero, scale ±(0.1 .. 1.1). */
    static INDArray random(long seed, int rows, int cols) {
        return LayerGradientTest.awayFromZero(new SeededRandom(seed), rows, cols);
    }

    /**
     * Checks the input gradient and (if any) the parameter gradients of {@code layer} for f = sum(forward(x) *
     * dOut); {@code beforeForward} runs before every forward call (reseeding dropout).
     */
    static void check(Bound b, int batch, boolean training, Runnable beforeForward) {
        Layer layer = b.layer();
        INDArray x = random(7, batch, layer.inputSize());
        INDArray dOut = random(8, batch, layer.outputSize());
        beforeForward.run();
        layer.forward(x, training);
        if (b.grads() != null) {
            b.grads().assign(0);
        }
        INDArray dx = layer.backward(dOut, GradientMode.ACCUMULATE, true).dup();
        INDArray paramGrads = b.grads() == null ? null : b.grads().dup();
        DoubleSupplier f = () -> {
            beforeForward.run();
            return layer.forward(x, training).mul(dOut).sumNumber().doubleValue();
        };
        GradientCheck.check(layer + " input", x, dx, f, MAX_RELATIVE);
        if (b.params() != null) {
            GradientCheck.check(layer + " parameters", b.params(), paramGrads, f, MAX_RELATIVE);
        }
    }

    static void check(Bound b, int batch, boolean training) {
        check(b, batch, training, () -> { });
    }

    static Stream<Arguments> withKernels(List<int[]> configs) {
        List<Arguments> all = new ArrayList<>();
        TestKernels.all().forEach(k -> configs.forEach(c -> all.add(Arguments.of(k, c))));
        return all.stream();
    }

    /** inC, H, W, outC, kernel, stride, padding, batch. */
    static Stream<Arguments> conv2dConfigs() {
        return withKernels(List.of(
                new int[] {2, 7, 7, 3, 3, 1, 1, 3},
                new int[] {2, 5, 9, 3, 4, 2, 1, 1},
                new int[] {3, 7, 7, 2, 5, 2, 0, 3},
                new int[] {1, 5, 9, 2, 3, 2, 0, 3},
                new int[] {2, 6, 6, 4, 4, 2, 1, 3},
                new int[] {2, 5, 9, 2, 5, 1, 1, 1}));
    }

    @ParameterizedTest
    @MethodSource("conv2dConfigs")
    void conv2d(Kernels k, int[] c) {
        Conv2d conv = new Conv2d(k, D, c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
        check(Bound.of(conv, 3), c[7], true);
    }

    /** inC, H, W, outC, kernel, stride, padding, output padding, batch. */
    static Stream<Arguments> convTranspose2dConfigs() {
        return withKernels(List.of(
                new int[] {3, 4, 4, 2, 4, 2, 1, 0, 3},
                new int[] {2, 3, 5, 3, 3, 2, 1, 1, 1},
                new int[] {2, 5, 9, 2, 3, 1, 0, 0, 3},
                new int[] {2, 4, 3, 3, 5, 2, 0, 1, 3},
                new int[] {2, 7, 7, 2, 4, 2, 1, 1, 1},
                new int[] {3, 5, 5, 2, 3, 1, 1, 0, 3}));
    }

    @ParameterizedTest
    @MethodSource("convTranspose2dConfigs")
    void convTranspose2d(Kernels k, int[] c) {
        ConvTranspose2d conv = new ConvTranspose2d(k, D, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
        check(Bound.of(conv, 4), c[8], true);
    }

    /** channels, H, W (0: BatchNorm1d), batch. */
    static Stream<Arguments> batchNormConfigs() {
        return withKernels(List.of(
                new int[] {3, 5, 9, 3},
                new int[] {2, 7, 7, 1},
                new int[] {4, 0, 0, 3},
                new int[] {5, 0, 0, 6}));
    }

    static BatchNorm batchNorm(Kernels k, int[] c) {
        return c[1] == 0 ? BatchNorm.oneD(k, D, c[0]) : BatchNorm.twoD(k, D, c[0], c[1], c[2]);
    }

    /** Gamma and beta away from their initial 1 and 0, so that the check sees them act. */
    static Bound randomAffine(BatchNorm bn) {
        Bound b = Bound.of(bn, 0);
        b.params().assign(random(5, 1, (int) bn.parameterCount()).reshape(bn.parameterCount()));
        return b;
    }

    @ParameterizedTest
    @MethodSource("batchNormConfigs")
    void batchNormTrainMode(Kernels k, int[] c) {
        check(randomAffine(batchNorm(k, c)), c[3], true);
    }

    @ParameterizedTest
    @MethodSource("batchNormConfigs")
    void batchNormEvalMode(Kernels k, int[] c) {
        BatchNorm bn = batchNorm(k, c);
        Bound b = randomAffine(bn);
        bn.buffers().get(0).value().assign(random(9, 1, c[0]).reshape(c[0]));
        INDArray r = random(10, 1, c[0]).reshape(c[0]);
        bn.buffers().get(1).value().assign(r.mul(r).add(0.5)); // a positive running variance
        check(b, c[3], false);
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void dropoutWithAFixedMask(Kernels k) {
        for (double p : new double[] {0.3, 0.5}) {
            Dropout dropout = new Dropout(k, D, 12, p, 99);
            check(Bound.of(dropout, 0), 3, true, () -> dropout.reseed(42));
            check(Bound.of(dropout, 0), 3, false);
        }
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void aDcganStackChecksAsAWhole(Kernels k) {
        // G's tail and D's head at small sizes: Dense -> reshape -> BN2d -> ReLU -> ConvT -> BN2d -> ReLU -> ConvT ->
        // Tanh -> Conv -> LReLU -> Conv -> BN2d -> LReLU -> Dense, in train mode.
        List<Layer> layers = List.of(
                new Dense(k, D, 5, 4 * 3 * 3),
                BatchNorm.twoD(k, D, 4, 3, 3),
                new LeakyRelu(k, D, 36, 0.0),
                new ConvTranspose2d(k, D, 4, 3, 3, 3, 4, 2, 1, 0),
                BatchNorm.twoD(k, D, 3, 6, 6),
                new LeakyRelu(k, D, 108, 0.0),
                new ConvTranspose2d(k, D, 3, 6, 6, 1, 4, 2, 1, 1),
                new Tanh(k, D, 169),
                new Conv2d(k, D, 1, 13, 13, 3, 4, 2, 1),
                new LeakyRelu(k, D, 3 * 6 * 6, 0.2),
                new Conv2d(k, D, 3, 6, 6, 4, 4, 2, 1),
                BatchNorm.twoD(k, D, 4, 3, 3),
                new LeakyRelu(k, D, 36, 0.2),
                new Dense(k, D, 36, 1));
        Sequential net = new Sequential(k, D, layers).initialize(21);
        INDArray x = random(1, 4, 5);
        INDArray dOut = random(2, 4, 1);
        net.forward(x, true);
        net.zeroGrad();
        INDArray dx = net.backward(dOut).dup();
        INDArray grads = net.gradients().dup();
        DoubleSupplier f = () -> net.forward(x, true).mul(dOut).sumNumber().doubleValue();
        // ReLU kinks make a whole network's check looser (guide: 1e-3); none is crossed at this seed.
        GradientCheck.check("DCGAN stack input", x, dx, f, 1e-3);
        double worst = GradientCheck.check("DCGAN stack parameters", net.parameters(), grads, f, 1e-3);
        assertThat(worst).isLessThan(1e-3);
    }
}
