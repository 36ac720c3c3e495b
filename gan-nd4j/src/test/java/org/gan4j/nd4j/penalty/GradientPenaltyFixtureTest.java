package org.gan4j.nd4j.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.sigmoid;
import static org.gan4j.nn.Layers.tanh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
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
 * WGAN-GP and R1 against PyTorch's double backward ({@code torch.autograd.grad(..., create_graph=True)}, then
 * {@code backward()}) on two tiny critics with the same parameters, batches and interpolation weights, in double
 * precision ({@code bench/fixtures/make_gradient_penalty_fixture.py}): the value and every parameter's gradient.
 */
class GradientPenaltyFixtureTest {

    static final Map<String, NetworkSpec> CRITICS = Map.of(
            "mlp", NetworkSpec.sequential(Shape.vector(6), dense(5), leakyRelu(0.2), dense(4), leakyRelu(0.2),
                    dense(1)),
            "conv", NetworkSpec.sequential(Shape.vector(25), reshape(1, 5, 5), conv2d(2, 3, 2, 1), tanh(), flatten(),
                    dense(4), sigmoid(), dense(1)));

    static Stream<Arguments> cases() {
        return TestKernels.all().flatMap(k -> Stream.of(Arguments.of(k, "mlp"), Arguments.of(k, "conv")));
    }

    private static Map<String, double[]> fixture() throws IOException {
        Map<String, double[]> rows = new HashMap<>();
        try (InputStream in = GradientPenaltyFixtureTest.class.getResourceAsStream(
                "/pytorch-fixtures/gradient-penalty.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split(" ");
                double[] v = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    v[i - 1] = Double.parseDouble(parts[i]);
                }
                rows.put(parts[0], v);
            }
        }
        return rows;
    }

    private static INDArray rows(double[] values, int columns) {
        return Nd4j.createFromArray(values).reshape('c', values.length / columns, columns);
    }

    private static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what + ": length").hasSize(expected.length);
        double worst = 0;
        int nonzero = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1e-9 + Math.abs(expected[i])));
            nonzero += expected[i] != 0 ? 1 : 0;
        }
        assertThat(nonzero).as(what + ": nonzero entries compared").isPositive();
        assertThat(worst).as(what + ": largest relative difference from PyTorch").isLessThan(1e-9);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void penaltiesAndTheirParameterGradientsMatchPyTorch(Kernels k, String name) throws IOException {
        Map<String, double[]> f = fixture();
        Sequential critic = new NetworkFactory(k).build(CRITICS.get(name), DataType.DOUBLE, 0);
        double[] params = f.get(name + ".params");
        assertThat(critic.parameters().length()).isEqualTo(params.length);
        critic.parameters().assign(Nd4j.createFromArray(params));
        INDArray real = rows(f.get(name + ".real"), critic.inputSize());
        INDArray fake = rows(f.get(name + ".fake"), critic.inputSize());
        double[] eps = f.get(name + ".eps");

        WganGpPenalty gp = new WganGpPenalty(k, critic, 10);
        critic.zeroGrad();
        double gpValue = gp.addGradient(real, fake, eps);
        assertClose(name + " gp", new double[] {gpValue}, f.get(name + ".gp"));
        assertClose(name + " gp parameter gradient", critic.gradients().toDoubleVector(), f.get(name + ".gp.grad"));

        R1Penalty r1 = new R1Penalty(k, critic, 3);
        critic.zeroGrad();
        double r1Value = r1.addGradient(real);
        assertClose(name + " r1", new double[] {r1Value}, f.get(name + ".r1"));
        assertClose(name + " r1 parameter gradient", critic.gradients().toDoubleVector(), f.get(name + ".r1.grad"));
    }
}
