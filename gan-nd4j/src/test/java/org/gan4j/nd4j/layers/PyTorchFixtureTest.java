package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gan4j.nd4j.TestKernels;
import org.gan4j.nd4j.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The image layers against PyTorch 1.13 in double precision: outputs, input gradients, parameter gradients and
 * running statistics for given weights, inputs and output gradients (pytorch-fixtures/layers.txt, written by
 * bench/fixtures/make_pytorch_fixtures.py). Catches what gradient checks cannot: padding on the wrong side, a
 * flipped kernel, a weight read in the wrong layout, the wrong variance in the running statistics; and, with
 * DCGAN's layers chained at small sizes, that reshapes and flattens between them are the identity on rows.
 */
class PyTorchFixtureTest {

    private static final DataType D = DataType.DOUBLE;
    private static final double TOLERANCE = 1e-10;
    private static final String RESOURCE = "/pytorch-fixtures/layers.txt";

    /** One case of the fixture file. */
    record Fixture(String name, String type, Map<String, Integer> config, Map<String, double[]> arrays) {
        int get(String key) {
            Integer v = config.get(key);
            if (v == null) {
                throw new IllegalArgumentException(name + ": no config " + key);
            }
            return v;
        }

        double[] array(String key) {
            double[] v = arrays.get(key);
            if (v == null) {
                throw new IllegalArgumentException(name + ": no array " + key);
            }
            return v;
        }

        INDArray rows(String key) {
            double[] v = array(key);
            int batch = get("batch");
            return Nd4j.createFromArray(v).reshape('c', batch, v.length / batch);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fixture> load() throws IOException {
        List<Fixture> fixtures = new ArrayList<>();
        try (InputStream in = PyTorchFixtureTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String name = null;
            String type = null;
            Map<String, Integer> config = new LinkedHashMap<>();
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                switch (parts[0]) {
                    case "case" -> {
                        name = line.substring(5);
                        config = new LinkedHashMap<>();
                        arrays = new LinkedHashMap<>();
                    }
                    case "type" -> type = parts[1];
                    case "config" -> {
                        for (int i = 1; i < parts.length; i++) {
                            String[] kv = parts[i].split("=");
                            config.put(kv[0], Integer.parseInt(kv[1]));
                        }
                    }
                    case "array" -> {
                        int count = Integer.parseInt(parts[2]);
                        assertThat(parts.length).as(name + " " + parts[1]).isEqualTo(3 + count);
                        double[] v = new double[count];
                        for (int i = 0; i < count; i++) {
                            v[i] = Double.parseDouble(parts[3 + i]);
                        }
                        arrays.put(parts[1], v);
                    }
                    case "end" -> fixtures.add(new Fixture(name, type, config, arrays));
                    default -> throw new IllegalStateException("unexpected line in " + RESOURCE + ": " + line);
                }
            }
        }
        return fixtures;
    }

    static Stream<Arguments> cases() throws IOException {
        List<Fixture> fixtures = load();
        List<Arguments> all = new ArrayList<>();
        TestKernels.all().forEach(k -> fixtures.forEach(f -> all.add(Arguments.of(k, f))));
        return all.stream();
    }

    @Test
    void everyLayerTypeHasCases() throws IOException {
        List<Fixture> fixtures = load();
        assertThat(fixtures).extracting(Fixture::type).contains("conv2d", "convtranspose2d", "batchnorm", "dcgan");
        assertThat(fixtures.stream().filter(f -> f.type().equals("batchnorm") && f.get("train") == 0)).isNotEmpty();
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(12);
    }

    private static void close(String what, INDArray actual, double[] expected) {
        double[] a = actual.dup('c').data().asDouble();
        assertThat(a).as(what + " length").hasSize(expected.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - expected[i]));
        }
        assertThat(worst).as(what + ": largest difference from PyTorch").isLessThanOrEqualTo(TOLERANCE);
    }

    /** DCGAN's generator and discriminator at small sizes as one network, as the fixture script builds it. */
    static Sequential dcganStack(Kernels k) {
        return new Sequential(k, D, List.of(
                new Dense(k, D, 8, 4 * 3 * 3),
                BatchNorm.twoD(k, D, 4, 3, 3),
                new LeakyRelu(k, D, 36, 0),
                new ConvTranspose2d(k, D, 4, 3, 3, 3, 4, 2, 1, 0),
                BatchNorm.twoD(k, D, 3, 6, 6),
                new LeakyRelu(k, D, 108, 0),
                new ConvTranspose2d(k, D, 3, 6, 6, 1, 4, 2, 1, 0),
                new Tanh(k, D, 144),
                new Conv2d(k, D, 1, 12, 12, 3, 4, 2, 1),
                new LeakyRelu(k, D, 108, 0.2),
                new Conv2d(k, D, 3, 6, 6, 4, 4, 2, 1),
                BatchNorm.twoD(k, D, 4, 3, 3),
                new LeakyRelu(k, D, 36, 0.2),
                new Dense(k, D, 36, 1)));
    }

    private static void matchesAsANetwork(Kernels k, Fixture f) {
        Sequential net = dcganStack(k);
        List<NamedParameter> params = net.namedParameters();
        for (int i = 0; i < params.size(); i++) {
            INDArray p = params.get(i).value();
            p.assign(Nd4j.createFromArray(f.array("param" + i)).reshape(p.shape()));
        }
        assertThat(f.arrays()).doesNotContainKey("param" + params.size());
        INDArray y = net.forward(f.rows("x"), true);
        close(f + " output", y, f.array("y"));
        net.zeroGrad();
        close(f + " input gradient", net.backward(f.rows("dOut")), f.array("dx"));
        for (int i = 0; i < params.size(); i++) {
            close(f + " gradient of " + params.get(i).name(), params.get(i).gradient(), f.array("grad" + i));
        }
        List<NamedBuffer> buffers = net.namedBuffers();
        assertThat(buffers).hasSize(6);
        for (int i = 0; i < buffers.size(); i++) {
            close(f + " " + buffers.get(i).name(), buffers.get(i).value(), f.array("buffer" + i));
        }
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void matchesPyTorch(Kernels k, Fixture f) {
        if (f.type().equals("dcgan")) {
            matchesAsANetwork(k, f);
            return;
        }
        Layer layer = switch (f.type()) {
            case "conv2d" -> new Conv2d(k, D, f.get("inC"), f.get("H"), f.get("W"), f.get("outC"), f.get("k"),
                    f.get("s"), f.get("p"));
            case "convtranspose2d" -> new ConvTranspose2d(k, D, f.get("inC"), f.get("H"), f.get("W"), f.get("outC"),
                    f.get("k"), f.get("s"), f.get("p"), f.get("op"));
            case "batchnorm" -> f.get("H") == 0 ? BatchNorm.oneD(k, D, f.get("C"))
                    : BatchNorm.twoD(k, D, f.get("C"), f.get("H"), f.get("W"));
            default -> throw new IllegalArgumentException(f.name() + ": unknown type " + f.type());
        };
        INDArray params = Nd4j.zeros(D, layer.parameterCount());
        INDArray grads = Nd4j.zeros(D, layer.parameterCount());
        layer.bind(params, grads);
        List<NamedParameter> named = layer.parameters();
        assertThat(named).extracting(NamedParameter::name).containsExactly("weight", "bias");
        named.get(0).value().assign(Nd4j.createFromArray(f.array("weight")).reshape(named.get(0).value().shape()));
        named.get(1).value().assign(Nd4j.createFromArray(f.array("bias")));
        boolean training = true;
        if (f.type().equals("batchnorm")) {
            training = f.get("train") == 1;
            layer.buffers().get(0).value().assign(Nd4j.createFromArray(f.array("running_mean_in")));
            layer.buffers().get(1).value().assign(Nd4j.createFromArray(f.array("running_var_in")));
        }
        INDArray y = layer.forward(f.rows("x"), training);
        close(f + " output", y, f.array("y"));
        INDArray dx = layer.backward(f.rows("dOut"), GradientMode.OVERWRITE, true);
        close(f + " input gradient", dx, f.array("dx"));
        close(f + " weight gradient", named.get(0).gradient(), f.array("dweight"));
        close(f + " bias gradient", named.get(1).gradient(), f.array("dbias"));
        if (f.type().equals("batchnorm")) {
            close(f + " running_mean", layer.buffers().get(0).value(), f.array("running_mean_out"));
            close(f + " running_var", layer.buffers().get(1).value(), f.array("running_var_out"));
        }
    }
}
