package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.projection;
import static org.gan4j.nn.Layers.reshape;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The projection discriminator's head: finite differences in double on both kernel paths (input, label columns and
 * every parameter, with and without batch norm in the features), PyTorch's {@code nn.Embedding} + inner product from
 * bench/fixtures/make_projection_fixture.py, and its spec (text form, shapes, parameter count, refusals).
 */
class ProjectionLayerTest {

    private static final DataType D = DataType.DOUBLE;

    static Stream<Kernels> kernels() {
        return TestKernels.all();
    }

    /** phi: conv 1 -> 3 (k3, s2, p1) on 1x6x6, LeakyReLU 0.2, dense 27 -> 4; optionally batch norm after it. */
    private static Projection head(Kernels k, boolean batchNorm) {
        List<Layer> features = new java.util.ArrayList<>(List.of(new Conv2d(k, D, 1, 6, 6, 3, 3, 2, 1),
                new LeakyRelu(k, D, 27, 0.2), new Dense(k, D, 27, 4)));
        if (batchNorm) {
            features.add(BatchNorm.oneD(k, D, 4));
        }
        return new Projection(k, D, features, 36, 3);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gradientsMatchFiniteDifferences(Kernels k) {
        ConvLayerGradientTest.Bound b = ConvLayerGradientTest.Bound.of(head(k, false), 3);
        assertThat(b.layer().parameterCount()).isEqualTo(3 * 9 + 3 + 4 * 27 + 4 + 4 + 1 + 3 * 4);
        ConvLayerGradientTest.check(b, 4, true);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gradientsMatchFiniteDifferencesWithBatchNormInTheFeatures(Kernels k) {
        ConvLayerGradientTest.check(ConvLayerGradientTest.Bound.of(head(k, true), 4), 5, true);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void matchesPyTorchEmbeddingAndInnerProduct(Kernels k) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/pytorch-fixtures/projection.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            int batch = Integer.parseInt(r.readLine().split(" ")[1]);
            int[] labels = Arrays.stream(r.readLine().split(" ")).mapToInt(Integer::parseInt).toArray();
            double[][] rows = new double[batch][];
            for (int i = 0; i < batch; i++) {
                double[] image = doubles(r.readLine());
                rows[i] = Arrays.copyOf(image, 39);
                rows[i][36 + labels[i]] = 1; // the image, then the one-hot of its label
            }
            double[] params = doubles(r.readLine());
            double[] dOut = doubles(r.readLine());
            double[] out = doubles(r.readLine());
            double[][] dImages = new double[batch][];
            for (int i = 0; i < batch; i++) {
                dImages[i] = doubles(r.readLine());
            }
            double[] dParams = doubles(r.readLine());

            ConvLayerGradientTest.Bound b = ConvLayerGradientTest.Bound.of(head(k, false), 1);
            b.params().assign(Nd4j.createFromArray(params));
            INDArray y = b.layer().forward(Nd4j.createFromArray(rows), true);
            assertThat(y.toDoubleVector()).containsExactly(out, org.assertj.core.api.Assertions.within(1e-12));
            b.grads().assign(0);
            INDArray dx = b.layer().backward(Nd4j.createFromArray(dOut).reshape(batch, 1), GradientMode.ACCUMULATE,
                    true);
            for (int i = 0; i < batch; i++) {
                double[] imagePart = Arrays.copyOf(dx.getRow(i).toDoubleVector(), 36);
                assertThat(imagePart).as("d/d image %s", i).containsExactly(dImages[i],
                        org.assertj.core.api.Assertions.within(1e-12));
            }
            assertThat(b.grads().toDoubleVector()).as("parameter gradients, in PyTorch's order")
                    .containsExactly(dParams, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(((Projection) b.layer()).parameters()).extracting(NamedParameter::name)
                    .containsExactly("features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias",
                            "linear.weight", "linear.bias", "embed.weight");
        }
    }

    private static double[] doubles(String line) {
        return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void theSpecReadsBackInfersItsClassesAndBuildsTheSameNetwork() {
        NetworkSpec features = NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), conv2d(8, 4, 2, 1),
                leakyRelu(0.2), flatten());
        NetworkSpec d = NetworkSpec.sequential(Shape.vector(794), projection(features));
        assertThat(d.outputShape()).isEqualTo(Shape.vector(1));
        long f = 8 * 14 * 14;
        assertThat(d.parameterCount()).isEqualTo(8 * 16 + 8 + f + 1 + 10 * f);
        assertThat(Layers.parse(d.layers().get(0).toString())).isEqualTo(d.layers().get(0));
        assertThat(NetworkSpec.parse("[794]", d.layerTexts())).isEqualTo(d);
        assertThat(d.withInput(Shape.vector(789)).parameterCount()).as("5 classes").isEqualTo(8 * 16 + 8 + f + 1
                + 5 * f);
        Sequential built = new NetworkFactory(TestKernels.all().findFirst().orElseThrow()).build(d, DataType.FLOAT, 3);
        assertThat(built.parameterCount()).isEqualTo(d.parameterCount());
        assertThat(built.namedParameters()).extracting(NamedParameter::name).containsExactly("0.features.1.weight",
                "0.features.1.bias", "0.linear.weight", "0.linear.bias", "0.embed.weight");
        assertThat(built.forward(Nd4j.zeros(DataType.FLOAT, 2, 794), false).shape()).containsExactly(2, 1);

        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.vector(785), projection(features)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projection takes the features' input [784] (784 values) followed by the "
                        + "one-hot of at least 2 classes, got [785]");
        assertThatThrownBy(() -> projection(NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end in a vector");
        assertThatThrownBy(() -> Layers.parse("projection(input=[4], features=dense(out=2))"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must list layers in brackets");
        assertThat(NetworkSpec.sequential(Shape.vector(794), projection(NetworkSpec.sequential(Shape.vector(784),
                dense(4), org.gan4j.nn.Layers.batchNorm()))).batchDependent()).isTrue();
    }
}
