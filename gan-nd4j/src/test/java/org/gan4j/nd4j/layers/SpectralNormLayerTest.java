package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The spectral-norm wrapper on every kernel implementation, in double precision: finite-difference checks of the
 * forward pass with {@code u} and {@code v} fixed (the function its backward pass differentiates) for dense and conv
 * layers (kernel 4 stride 2, kernel 3 stride 1) at batch 1 and 3, in train and eval mode; the gradient modes; the
 * power iteration's fixed point; the initialisation.
 */
class SpectralNormLayerTest {

    private static final DataType D = DataType.DOUBLE;

    /** A dense layer {@code in -> out}, or a convolution {@code c x h x w -> out} with kernel, stride, padding. */
    record Config(String what, int[] sizes, int batch) {
        Layer wrapped(Kernels k) {
            int[] s = sizes;
            return s.length == 2 ? new Dense(k, D, s[0], s[1]) : new Conv2d(k, D, s[0], s[1], s[2], s[3], s[4], s[5],
                    s[6]);
        }

        @Override
        public String toString() {
            return what + " batch " + batch;
        }
    }

    static Stream<Arguments> configs() {
        List<Config> configs = new ArrayList<>();
        for (int batch : new int[] {1, 3}) {
            configs.add(new Config("dense 6 -> 4", new int[] {6, 4}, batch));
            configs.add(new Config("conv 2x6x6 -> 3, k4 s2 p1", new int[] {2, 6, 6, 3, 4, 2, 1}, batch));
            configs.add(new Config("conv 2x5x5 -> 3, k3 s1 p1", new int[] {2, 5, 5, 3, 3, 1, 1}, batch));
        }
        List<Arguments> all = new ArrayList<>();
        TestKernels.all().forEach(k -> configs.forEach(c -> all.add(Arguments.of(k, c))));
        return all.stream();
    }

    /** A wrapped layer with its own buffers, initialised, after two train-mode passes (u and v no longer random). */
    static ConvLayerGradientTest.Bound warmedUp(Kernels k, Config c, long seed) {
        SpectralNorm sn = new SpectralNorm(k, D, c.wrapped(k), seed);
        ConvLayerGradientTest.Bound b = ConvLayerGradientTest.Bound.of(sn, seed);
        INDArray x = ConvLayerGradientTest.random(3, c.batch(), sn.inputSize());
        sn.forward(x, true);
        sn.forward(x, true);
        return b;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void gradientsMatchFiniteDifferencesWithUAndVFixedInTrainMode(Kernels k, Config c) {
        ConvLayerGradientTest.Bound b = warmedUp(k, c, 5);
        SpectralNorm sn = (SpectralNorm) b.layer();
        INDArray u = sn.buffers().get(0).value().dup();
        sn.powerIteration(false);
        ConvLayerGradientTest.check(b, c.batch(), true);
        assertThat(sn.buffers().get(0).value().toDoubleVector()).as("u is frozen").isEqualTo(u.toDoubleVector());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void gradientsMatchFiniteDifferencesInEvalMode(Kernels k, Config c) {
        ConvLayerGradientTest.Bound b = warmedUp(k, c, 6);
        INDArray u = b.layer().buffers().get(0).value().dup();
        INDArray v = b.layer().buffers().get(1).value().dup();
        ConvLayerGradientTest.check(b, c.batch(), false);
        assertThat(b.layer().buffers().get(0).value().toDoubleVector()).as("eval mode leaves u alone")
                .isEqualTo(u.toDoubleVector());
        assertThat(b.layer().buffers().get(1).value().toDoubleVector()).as("eval mode leaves v alone")
                .isEqualTo(v.toDoubleVector());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void overwriteWritesAccumulateAddsAndSkipLeavesTheGradientsAlone(Kernels k, Config c) {
        ConvLayerGradientTest.Bound b = warmedUp(k, c, 7);
        Layer sn = b.layer();
        INDArray x = ConvLayerGradientTest.random(8, c.batch(), sn.inputSize());
        INDArray dy = ConvLayerGradientTest.random(9, c.batch(), sn.outputSize());
        sn.forward(x, true);
        b.grads().assign(0);
        INDArray dx = sn.backward(dy, GradientMode.ACCUMULATE, true).dup();
        INDArray once = b.grads().dup();
        sn.backward(dy, GradientMode.ACCUMULATE, true);
        assertThat(b.grads().sub(once.mul(2)).amaxNumber().doubleValue()).isLessThan(1e-12);
        b.grads().assign(Double.NaN);
        sn.backward(dy, GradientMode.OVERWRITE, true);
        assertThat(b.grads().sub(once).amaxNumber().doubleValue()).isLessThan(1e-15);
        b.grads().assign(3);
        INDArray skipped = sn.backward(dy, GradientMode.SKIP, true);
        assertThat(skipped.sub(dx).amaxNumber().doubleValue()).isLessThan(1e-15);
        assertThat(b.grads().minNumber().doubleValue()).isEqualTo(3.0);
        assertThat(b.grads().maxNumber().doubleValue()).isEqualTo(3.0);
        assertThat(sn.backward(dy, GradientMode.OVERWRITE, false)).isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void repeatedTrainPassesConvergeToTheLargestSingularValue(Kernels k, Config c) {
        ConvLayerGradientTest.Bound b = warmedUp(k, c, 8);
        SpectralNorm sn = (SpectralNorm) b.layer();
        INDArray x = ConvLayerGradientTest.random(3, c.batch(), sn.inputSize());
        for (int i = 0; i < 300; i++) {
            sn.forward(x, true);
        }
        INDArray w = sn.parameters().get(0).value();
        assertThat(sn.sigma()).isCloseTo(largestSingularValue(w.toDoubleMatrix()), within(1e-9));
        assertThat(sn.buffers().get(0).value().norm2Number().doubleValue()).isCloseTo(1.0, within(1e-12));
        assertThat(sn.buffers().get(1).value().norm2Number().doubleValue()).isCloseTo(1.0, within(1e-12));
        // Eval mode divides by the sigma of the stored u and v.
        double trained = sn.sigma();
        sn.forward(x, false);
        assertThat(sn.sigma()).isCloseTo(trained, within(1e-12));
    }

    /** sqrt of the largest eigenvalue of W^T W, by a long power iteration on the host. */
    private static double largestSingularValue(double[][] w) {
        int n = w[0].length;
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1 / Math.sqrt(n));
        double lambda = 0;
        for (int it = 0; it < 5000; it++) {
            double[] wv = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < n; j++) {
                    wv[i] += w[i][j] * v[j];
                }
            }
            double[] next = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < w.length; i++) {
                    next[j] += w[i][j] * wv[i];
                }
            }
            double norm = 0;
            for (double d : next) {
                norm += d * d;
            }
            norm = Math.sqrt(norm);
            lambda = norm;
            for (int j = 0; j < n; j++) {
                v[j] = next[j] / norm;
            }
        }
        return Math.sqrt(lambda);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void theWeightAndBiasStartAsTheWrappedLayersAndUAndVAsUnitVectorsOfTheLayersSeed(Kernels k) {
        SpectralNorm sn = new SpectralNorm(k, D, new Dense(k, D, 6, 4), 99);
        ConvLayerGradientTest.Bound b = ConvLayerGradientTest.Bound.of(sn, 11);
        ConvLayerGradientTest.Bound plain = ConvLayerGradientTest.Bound.of(new Dense(k, D, 6, 4), 11);
        assertThat(b.params().toDoubleVector()).isEqualTo(plain.params().toDoubleVector());
        assertThat(sn.parameters()).extracting(NamedParameter::name).containsExactly("weight_orig", "bias");
        assertThat(sn.buffers()).extracting(NamedBuffer::name).containsExactly("weight_u", "weight_v");
        INDArray u = sn.buffers().get(0).value();
        INDArray v = sn.buffers().get(1).value();
        assertThat(u.shape()).containsExactly(4);
        assertThat(v.shape()).containsExactly(6);
        assertThat(u.norm2Number().doubleValue()).isCloseTo(1.0, within(1e-15));
        assertThat(v.norm2Number().doubleValue()).isCloseTo(1.0, within(1e-15));
        SeededRandom r = new SeededRandom(99);
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = r.nextGaussian();
        }
        INDArray e = Nd4j.createFromArray(expected);
        assertThat(u.sub(e.div(e.norm2Number())).amaxNumber().doubleValue()).isLessThan(1e-15);
        SpectralNorm other = new SpectralNorm(k, D, new Dense(k, D, 6, 4), 98);
        ConvLayerGradientTest.Bound.of(other, 11);
        assertThat(other.buffers().get(0).value().toDoubleVector()).isNotEqualTo(u.toDoubleVector());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void aBuiltNetworkNamesItLikePyTorchAndItsCopyCarriesUAndV(Kernels k) {
        org.gan4j.nn.NetworkSpec spec = org.gan4j.nn.NetworkSpec.sequential(org.gan4j.nn.Shape.image(1, 6, 6),
                org.gan4j.nn.Layers.spectralNorm(org.gan4j.nn.Layers.conv2d(2, 4, 2, 1)),
                org.gan4j.nn.Layers.leakyRelu(0.2), org.gan4j.nn.Layers.flatten(),
                org.gan4j.nn.Layers.spectralNorm(org.gan4j.nn.Layers.dense(1)));
        Sequential net = new NetworkFactory(k).build(spec, D, 4);
        assertThat(net.namedParameters()).extracting(NamedParameter::name)
                .containsExactly("0.weight_orig", "0.bias", "3.weight_orig", "3.bias");
        assertThat(net.namedParameters().get(0).value().shape()).containsExactly(2, 16);
        assertThat(net.buffers()).containsOnlyKeys("0.weight_u", "0.weight_v", "3.weight_u", "3.weight_v");
        assertThat(net.buffers().get("0.weight_v").length()).isEqualTo(16);
        assertThat(net.parameterCount()).isEqualTo(spec.parameterCount());
        INDArray x = ConvLayerGradientTest.random(1, 2, 36);
        net.forward(x, true);
        net.forward(x, true);
        Sequential copy = net.copy();
        for (String name : net.buffers().keySet()) {
            assertThat(copy.buffers().get(name).toDoubleVector()).as(name)
                    .isEqualTo(net.buffers().get(name).toDoubleVector());
        }
        assertThat(copy.forward(x, true).toDoubleVector()).isEqualTo(net.forward(x, true).toDoubleVector());
        assertThat(copy.forward(x, false).toDoubleVector()).isEqualTo(net.forward(x, false).toDoubleVector());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void aWrongInputIsRefusedBeforeUAndVMove(Kernels k) {
        SpectralNorm sn = new SpectralNorm(k, D, new Dense(k, D, 6, 4), 1);
        ConvLayerGradientTest.Bound.of(sn, 1);
        double[] u = sn.buffers().get(0).value().toDoubleVector();
        assertThatThrownBy(() -> sn.forward(Nd4j.zeros(D, 2, 5), true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SpectralNorm(Dense(6 -> 4))");
        assertThat(sn.buffers().get(0).value().toDoubleVector()).isEqualTo(u);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void aLayerWithoutAWeightMatrixAndABiasIsRefused(Kernels k) {
        assertThatThrownBy(() -> new SpectralNorm(k, D, BatchNorm.oneD(k, D, 3), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a layer with a weight [out, in] and a bias [out]");
    }
}
