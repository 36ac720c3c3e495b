package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.GradientCheck;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of every layer, on every kernel implementation, in double precision. */
class LayerGradientTest {

    private static final DataType D = DataType.DOUBLE;
    private static final double MAX_RELATIVE = 1e-5;

    /** Random values in ±(0.1 .. 1.1): away from LeakyReLU's kink at 0. */
    static INDArray awayFromZero(SeededRandom r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double magnitude = 0.1 + r.nextDouble();
            v[i] = r.nextDouble() < 0.5 ? -magnitude : magnitude;
        }
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    /** f(x) = sum(forward(x) * dOut); checks dX and every parameter gradient. */
    static void checkLayer(Layer layer, INDArray params, INDArray grads, int batch) {
        SeededRandom r = new SeededRandom(7);
        INDArray x = awayFromZero(r, batch, layer.inputSize());
        INDArray dOut = awayFromZero(r, batch, layer.outputSize());
        layer.forward(x, true);
        if (grads != null) {
            grads.assign(0);
        }
        INDArray dx = layer.backward(dOut, GradientMode.ACCUMULATE, true).dup();
        INDArray paramGrads = grads == null ? null : grads.dup();
        java.util.function.DoubleSupplier f = () -> layer.forward(x, true).mul(dOut).sumNumber().doubleValue();
        GradientCheck.check(layer + " input", x, dx, f, MAX_RELATIVE);
        if (params != null) {
            GradientCheck.check(layer + " parameters", params, paramGrads, f, MAX_RELATIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void dense(Kernels k) {
        Dense dense = new Dense(k, D, 5, 3);
        INDArray params = Nd4j.zeros(D, dense.parameterCount());
        INDArray grads = Nd4j.zeros(D, dense.parameterCount());
        dense.bind(params, grads);
        dense.initialize(new SeededRandom(1));
        checkLayer(dense, params, grads, 4);
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void activations(Kernels k) {
        List<Function<Integer, Layer>> makers = List.of(
                n -> new LeakyRelu(k, D, n, 0.01),
                n -> new LeakyRelu(k, D, n, 0.2),
                n -> new LeakyRelu(k, D, n, 0.0),
                n -> new Tanh(k, D, n),
                n -> new Sigmoid(k, D, n));
        for (Function<Integer, Layer> make : makers) {
            checkLayer(make.apply(6), null, null, 3);
        }
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void denseGradientsAccumulateUntilZeroed(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 4, 2))).initialize(3);
        INDArray x = awayFromZero(new SeededRandom(2), 3, 4);
        INDArray dOut = awayFromZero(new SeededRandom(3), 3, 2);
        net.forward(x, true);
        net.backward(dOut);
        INDArray once = net.gradients().dup();
        net.forward(x, true);
        net.backward(dOut);
        assertThat(net.gradients().equalsWithEps(once.mul(2), 1e-12)).isTrue();
        // zeroGrad() defers the zeroing: the next backward overwrites, the one after adds again.
        net.zeroGrad();
        net.forward(x, true);
        net.backward(dOut);
        assertThat(net.gradients().equalsWithEps(once, 1e-12)).isTrue();
        net.forward(x, true);
        net.backward(dOut);
        assertThat(net.gradients().equalsWithEps(once.mul(2), 1e-12)).isTrue();
        net.zeroGrad();
        assertThat(net.gradients().sumNumber().doubleValue()).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void backwardInputLeavesParameterGradientsAlone(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 4, 3), new LeakyRelu(k, D, 3, 0.01),
                new Dense(k, D, 3, 1))).initialize(3);
        INDArray x = awayFromZero(new SeededRandom(2), 5, 4);
        INDArray dOut = awayFromZero(new SeededRandom(3), 5, 1);
        net.forward(x, true);
        INDArray full = net.backward(dOut).dup();
        net.zeroGrad();
        net.forward(x, true);
        INDArray inputOnly = net.backwardInput(dOut);
        assertThat(inputOnly.equalsWithEps(full, 1e-12)).isTrue();
        assertThat(net.gradients().sumNumber().doubleValue()).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void backwardParametersGivesTheSameParameterGradients(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 4, 3), new Tanh(k, D, 3),
                new Dense(k, D, 3, 2))).initialize(8);
        INDArray x = awayFromZero(new SeededRandom(2), 5, 4);
        INDArray dOut = awayFromZero(new SeededRandom(3), 5, 2);
        net.forward(x, true);
        net.backward(dOut);
        INDArray full = net.gradients().dup();
        net.zeroGrad();
        net.forward(x, true);
        net.backwardParameters(dOut);
        assertThat(net.gradients().equalsWithEps(full, 1e-12)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void parametersAreViewsOfTheFlatBuffer(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 3, 2), new Tanh(k, D, 2),
                new Dense(k, D, 2, 1))).initialize(5);
        List<NamedParameter> named = net.namedParameters();
        assertThat(named).extracting(NamedParameter::name)
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(named.get(0).value().shape()).containsExactly(2, 3);
        net.parameters().assign(0.5);
        for (NamedParameter p : named) {
            assertThat(p.value().meanNumber().doubleValue()).as(p.name()).isEqualTo(0.5);
        }
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void denseInitialisationMatchesPyTorchBounds(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 784, 128))).initialize(11);
        double bound = 1 / Math.sqrt(784);
        INDArray w = net.namedParameters().get(0).value();
        assertThat(w.maxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
        assertThat(w.minNumber().doubleValue()).isGreaterThanOrEqualTo(-bound).isLessThan(-0.99 * bound);
        // Uniform(-b, b) has standard deviation b / sqrt(3).
        assertThat(w.stdNumber().doubleValue()).isCloseTo(bound / Math.sqrt(3), org.assertj.core.data.Offset.offset(
                bound * 0.01));
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void shapeErrorsNameTheLayerAndBothShapes(Kernels k) {
        Sequential net = new Sequential(k, D, List.of(new Dense(k, D, 4, 2)));
        assertThatThrownBy(() -> net.forward(Nd4j.zeros(D, 3, 5), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Dense(4 -> 2)")
                .hasMessageContaining("[batch, 4]")
                .hasMessageContaining("[3, 5]");
        assertThatThrownBy(() -> new Sequential(k, D, List.of(new Dense(k, D, 4, 2), new Dense(k, D, 3, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 1")
                .hasMessageContaining("takes 3 inputs")
                .hasMessageContaining("outputs 2");
    }
}
