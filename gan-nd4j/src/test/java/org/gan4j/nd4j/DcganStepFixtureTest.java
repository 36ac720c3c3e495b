package org.gan4j.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.convTranspose2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.relu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.tanh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.NetworkFactory;
import org.gan4j.nd4j.layers.Sequential;
import org.gan4j.nd4j.loss.BceWithLogitsLoss;
import org.gan4j.nd4j.optim.Adam;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two whole DCGAN training steps (the recipe's step: G(z), D on real and on fake in two passes with batch norm,
 * BCE, Adam on D, D(fake) through the updated D, Adam on G) against PyTorch's autograd and Adam in double precision,
 * from the same initial parameters, noise and real batch ({@code bench/fixtures/make_dcgan_step_fixture.py}). The
 * networks are the recipe's, narrowed so the fixture stays small.
 */
class DcganStepFixtureTest {

    static final NetworkSpec G = NetworkSpec.sequential(Shape.vector(16), dense(8 * 7 * 7), reshape(8, 7, 7),
            batchNorm(), relu(), convTranspose2d(4, 4, 2, 1, 0), batchNorm(), relu(), convTranspose2d(1, 4, 2, 1, 0),
            tanh(), reshape(784));
    static final NetworkSpec D = NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), conv2d(4, 4, 2, 1),
            leakyRelu(0.2), conv2d(8, 4, 2, 1), batchNorm(), leakyRelu(0.2), flatten(), dense(1));

    private static Map<String, double[]> fixture() throws IOException {
        Map<String, double[]> rows = new HashMap<>();
        try (InputStream in = DcganStepFixtureTest.class.getResourceAsStream("/pytorch-fixtures/dcgan-step.txt")) {
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

    private static double[] concat(Map<String, INDArray> buffers) {
        return Nd4j.concat(0, buffers.values().stream().map(b -> b.reshape(b.length())).toArray(INDArray[]::new))
                .toDoubleVector();
    }

    private static void assertClose(String what, double[] actual, double[] expected, double tolerance) {
        assertThat(actual).as(what + ": length").hasSize(expected.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1e-3 + Math.abs(expected[i])));
        }
        assertThat(worst).as(what + ": largest relative difference from PyTorch").isLessThan(tolerance);
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void twoStepsMatchPyTorch(Kernels k) throws IOException {
        Map<String, double[]> f = fixture();
        NetworkFactory factory = new NetworkFactory(k);
        Sequential g = factory.build(G, DataType.DOUBLE, 0);
        Sequential d = factory.build(D, DataType.DOUBLE, 0);
        assertThat(g.parameterCount()).isEqualTo(f.get("g0").length);
        assertThat(d.parameterCount()).isEqualTo(f.get("d0").length);
        g.parameters().assign(Nd4j.createFromArray(f.get("g0")));
        d.parameters().assign(Nd4j.createFromArray(f.get("d0")));
        Adam adamG = new Adam(k, g, 2e-4, 0.5, 0.999, 1e-8);
        Adam adamD = new Adam(k, d, 2e-4, 0.5, 0.999, 1e-8);
        SeededRandom noise = new SeededRandom(12345);
        GanStep step = new GanStep(k, g, d, new BceWithLogitsLoss(k), adamG, adamD, () -> noise);
        for (int s = 1; s <= 2; s++) {
            float[] real = step.realImages(8);
            for (int i = 0; i < real.length; i++) {
                real[i] = (float) (((i * 37 + s * 11) % 255) / 127.5 - 1);
            }
            step.run(8);
            double[] losses = f.get("loss" + s);
            assertClose("lossD, lossG of step " + s, new double[] {step.lossD(), step.lossG()}, losses, 1e-9);
        }
        assertClose("G after two steps", g.parameters().toDoubleVector(), f.get("g2"), 1e-7);
        assertClose("D after two steps", d.parameters().toDoubleVector(), f.get("d2"), 1e-7);
        assertClose("G's running statistics", concat(g.buffers()), f.get("gstats2"), 1e-9);
        assertClose("D's running statistics", concat(d.buffers()), f.get("dstats2"), 1e-9);
    }
}
