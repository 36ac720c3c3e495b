package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.spectralNorm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code spectralNorm(dense)} and {@code spectralNorm(conv2d)} (kernel 4 stride 2, kernel 3 stride 1) against
 * PyTorch 1.13's {@code nn.utils.spectral_norm} (pytorch-fixtures/spectral-norm.txt, written by
 * bench/fixtures/make_spectral_norm_fixture.py): from PyTorch's weight_orig, bias, weight_u and weight_v, three
 * train-mode passes (each with its power iteration, a backward pass and an SGD step) and one eval-mode pass give
 * PyTorch's outputs, input and parameter gradients and u, v after each. Built through the factory, so the names
 * ({@code 0.weight_orig}, {@code 0.weight_u}, ...) are checked too. In double precision to 1e-10, and in float to the
 * float rounding of the same computation.
 */
class SpectralNormFixtureTest {

    private static final String RESOURCE = "/pytorch-fixtures/spectral-norm.txt";
    private static final double LR = 0.5;

    static Map<String, double[]> fixture() throws IOException {
        Map<String, double[]> rows = new HashMap<>();
        try (InputStream in = SpectralNormFixtureTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
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

    static Map<String, NetworkSpec> cases() {
        return Map.of(
                "dense", NetworkSpec.sequential(Shape.vector(5), spectralNorm(dense(3))),
                "conv4", NetworkSpec.sequential(Shape.image(2, 6, 6), spectralNorm(conv2d(3, 4, 2, 1))),
                "conv3", NetworkSpec.sequential(Shape.image(2, 5, 5), spectralNorm(conv2d(3, 3, 1, 1))));
    }

    static Stream<Arguments> runs() {
        List<Arguments> all = new ArrayList<>();
        TestKernels.all().forEach(k -> {
            for (String c : List.of("dense", "conv4", "conv3")) {
                all.add(Arguments.of(k, c, DataType.DOUBLE));
                all.add(Arguments.of(k, c, DataType.FLOAT));
            }
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("runs")
    void threeTrainPassesAndAnEvalPassMatchPyTorch(Kernels k, String name, DataType type) throws IOException {
        Map<String, double[]> f = fixture();
        double tolerance = type == DataType.DOUBLE ? 1e-10 : 5e-4;
        Sequential net = new NetworkFactory(k).build(cases().get(name), type, 1);
        Map<String, NamedParameter> params = new HashMap<>();
        net.namedParameters().forEach(p -> params.put(p.name(), p));
        assertThat(params).containsOnlyKeys("0.weight_orig", "0.bias");
        assertThat(net.buffers()).containsOnlyKeys("0.weight_u", "0.weight_v");
        set(params.get("0.weight_orig").value(), f.get(name + ".init.weight_orig"));
        set(params.get("0.bias").value(), f.get(name + ".init.bias"));
        set(net.buffers().get("0.weight_u"), f.get(name + ".init.weight_u"));
        set(net.buffers().get("0.weight_v"), f.get(name + ".init.weight_v"));
        int compared = 0;
        for (int step = 1; step <= 4; step++) {
            String p = name + "." + step;
            boolean training = step < 4;
            double[] x = f.get(p + ".x");
            int batch = x.length / net.inputSize();
            INDArray y = net.forward(rows(x, batch, type), training);
            net.zeroGrad();
            INDArray dx = net.backward(rows(f.get(p + ".dOut"), batch, type));
            assertClose(p + ".y", y, f.get(p + ".y"), tolerance);
            assertClose(p + ".dx", dx, f.get(p + ".dx"), tolerance);
            assertClose(p + ".dweight_orig", params.get("0.weight_orig").gradient(), f.get(p + ".dweight_orig"),
                    tolerance);
            assertClose(p + ".dbias", params.get("0.bias").gradient(), f.get(p + ".dbias"), tolerance);
            assertClose(p + ".weight_u", net.buffers().get("0.weight_u"), f.get(p + ".weight_u"), tolerance);
            assertClose(p + ".weight_v", net.buffers().get("0.weight_v"), f.get(p + ".weight_v"), tolerance);
            compared++;
            net.parameters().subi(net.gradients().mul(LR));
        }
        assertThat(compared).isEqualTo(4);
    }

    private static void set(INDArray target, double[] values) {
        assertThat(values).as("fixture array").isNotNull().hasSize((int) target.length());
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
    }

    private static INDArray rows(double[] values, int batch, DataType type) {
        return Nd4j.createFromArray(values).castTo(type).reshape('c', batch, values.length / batch);
    }

    private static void assertClose(String what, INDArray actual, double[] expected, double tolerance) {
        assertThat(expected).as(what + " in the fixture").isNotNull();
        double[] a = actual.castTo(DataType.DOUBLE).reshape(actual.length()).toDoubleVector();
        assertThat(a).as(what + ": length").hasSize(expected.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - expected[i]) / (1e-3 + Math.abs(expected[i])));
        }
        assertThat(worst).as(what + ": largest relative difference from PyTorch").isLessThan(tolerance);
    }
}
