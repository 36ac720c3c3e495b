package org.gan4j.nd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nd4j.layers.Dense;
import org.gan4j.nd4j.layers.Sequential;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    /** torch.optim.Adam's single-tensor step, written out in double precision, independent of the kernels. */
    private static void torchAdam(double[] p, double[] g, double[] m, double[] v, int t, double lr, double b1,
                                  double b2, double eps) {
        for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
        }
    }

    @ParameterizedTest
    @MethodSource("org.gan4j.nd4j.TestKernels#all")
    void reproducesPyTorchUpdates(Kernels k) {
        // A 2 -> 1 dense layer: 3 parameters, driven by fixed gradients.
        Sequential net = new Sequential(k, DataType.DOUBLE, List.of(new Dense(k, DataType.DOUBLE, 2, 1)));
        double[] p = {1.0, -2.0, 0.5};
        net.parameters().assign(Nd4j.createFromArray(p));
        Adam adam = new Adam(k, net, 0.1, 0.9, 0.999, 1e-8);
        double[][] gradients = {{0.1, -0.2, 0.3}, {-0.05, 0.4, 0.3}, {0.0, 1e-3, -2.0}};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= gradients.length; t++) {
            net.gradients().assign(Nd4j.createFromArray(gradients[t - 1]));
            adam.step();
            torchAdam(p, gradients[t - 1], m, v, t, 0.1, 0.9, 0.999, 1e-8);
            double[] actual = net.parameters().toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertThat(actual[i]).as("step %s parameter %s", t, i).isCloseTo(p[i], offset(1e-12));
            }
            if (t == 1) {
                // Step 1 by hand: m_hat = g, v_hat = g^2, so p -= lr * g / (|g| + eps).
                assertThat(actual[0]).isCloseTo(1.0 - 0.1 * 0.1 / (0.1 + 1e-8), offset(1e-15));
                assertThat(actual[0]).isCloseTo(0.90000001, offset(1e-9));
                assertThat(actual[1]).isCloseTo(-1.90000000500, offset(1e-9));
            }
        }
        assertThat(adam.steps()).isEqualTo(3);
    }
}
