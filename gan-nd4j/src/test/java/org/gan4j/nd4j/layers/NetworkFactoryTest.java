package org.gan4j.nd4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gan4j.Recipes;
import org.gan4j.SeededRandom;
import org.gan4j.nd4j.kernels.CpuKernels;
import org.gan4j.nn.LayerSpec;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFactoryTest {

    private final NetworkFactory factory = new NetworkFactory(new CpuKernels());

    private static INDArray gaussian(long seed, int rows, int cols) {
        float[] v = new float[rows * cols];
        new SeededRandom(seed).fillGaussian(v, v.length);
        return Nd4j.createFromArray(v).reshape('c', rows, cols);
    }

    @Test
    void everyLayerKindOfTheVocabularyIsBuiltWithThePyTorchParameterCountAndNames() {
        NetworkSpec g = Recipes.dcganGenerator(64);
        Sequential net = factory.build(g, DataType.FLOAT, 1);
        assertThat(net.parameterCount()).isEqualTo(g.parameterCount()).isEqualTo(540_225);
        // nn.Sequential's state_dict names of the PyTorch twin
        assertThat(net.namedParameters().stream().map(NamedParameter::name)).containsExactly("0.weight", "0.bias",
                "2.weight", "2.bias", "4.weight", "4.bias", "5.weight", "5.bias", "7.weight", "7.bias");
        assertThat(net.buffers().keySet()).containsExactly("2.running_mean", "2.running_var", "5.running_mean",
                "5.running_var");
        List<LayerSpec> rest = List.of(Layers.dense(6), Layers.dropout(0.5), Layers.sigmoid(), Layers.identity(),
                Layers.reshape(1, 2, 3), Layers.conv2d(2, 1, 1, 0), Layers.flatten(), Layers.batchNorm());
        Sequential other = factory.build(NetworkSpec.sequential(Shape.vector(4), rest), DataType.DOUBLE, 2);
        assertThat(other.forward(gaussian(3, 5, 4).castTo(DataType.DOUBLE), true).shape()).containsExactly(5, 12);
        assertThat(other.buffers().keySet()).containsExactly("1.rng", "7.running_mean", "7.running_var");
    }

    @Test
    void aCopyComputesTheSameAndSharesNothing() {
        Sequential g = factory.build(Recipes.dcganGenerator(8), DataType.FLOAT, 4);
        g.forward(gaussian(5, 16, 8), true); // moves the running statistics away from their start
        Sequential copy = g.copy();
        INDArray z = gaussian(6, 3, 8);
        assertThat(copy.forward(z, false).equals(g.forward(z, false).dup())).as("eval outputs equal").isTrue();
        assertThat(copy.spec()).isEqualTo(g.spec());
        INDArray before = g.parameters().dup();
        INDArray runningBefore = g.buffers().get("2.running_mean").dup();
        copy.parameters().addi(1);
        copy.forward(gaussian(7, 16, 8), true);
        assertThat(g.parameters().equals(before)).as("parameters not shared").isTrue();
        assertThat(g.buffers().get("2.running_mean").equals(runningBefore)).as("buffers not shared").isTrue();
    }

    @Test
    void batchNormSettingsOtherThanPyTorchsDefaultsAreUsed() {
        NetworkSpec spec = NetworkSpec.sequential(Shape.vector(3), new Layers.BatchNorm(0.5, 1e-3));
        Sequential bn = factory.build(spec, DataType.DOUBLE, 0);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {3, 6, 9}});
        INDArray y = bn.forward(x, true);
        // running_mean = (1 - 0.5) * 0 + 0.5 * batch mean
        assertThat(bn.buffers().get("0.running_mean").toDoubleVector()).containsExactly(1, 2, 3);
        // y = (x - mean) / sqrt(var + eps) with the biased batch variance 1, 4, 9
        assertThat(y.getDouble(0, 1)).isCloseTo(-2 / Math.sqrt(4 + 1e-3), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aSpecKindWithoutAnImplementationIsNamedWithItsPosition() {
        LayerSpec alien = new LayerSpec() {
            @Override
            public String kind() {
                return "alien";
            }

            @Override
            public java.util.Map<String, Object> arguments() {
                return java.util.Map.of();
            }

            @Override
            public Shape outputShape(Shape input) {
                return input;
            }
        };
        assertThatThrownBy(() -> factory.build(NetworkSpec.sequential(Shape.vector(3), Layers.dense(3), alien),
                DataType.FLOAT, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layer 1 (").hasMessageContaining("has no implementation");
    }

    @Test
    void aBuiltLayerHasADoubleBackwardExactlyWhenItsSpecSaysSo() {
        // GanConfig refuses a gradient penalty at build() from the specs' word alone: the built layers must agree
        List<NetworkSpec> nets = List.of(
                NetworkSpec.sequential(Shape.vector(4), Layers.dense(3), Layers.relu(), Layers.leakyRelu(0.2),
                        Layers.tanh(), Layers.sigmoid(), Layers.identity(), Layers.dropout(0.5), Layers.batchNorm(),
                        Layers.spectralNorm(Layers.dense(2))),
                NetworkSpec.sequential(Shape.vector(16), Layers.reshape(1, 4, 4), Layers.conv2d(2, 3, 1, 1),
                        Layers.batchNorm(), Layers.convTranspose2d(1, 4, 2, 1, 0),
                        Layers.spectralNorm(Layers.conv2d(2, 3, 1, 1)), Layers.flatten()));
        int with = 0;
        int without = 0;
        for (NetworkSpec spec : nets) {
            List<Layer> built = factory.build(spec, DataType.DOUBLE, 1).layers();
            assertThat(built).hasSameSizeAs(spec.layers());
            for (int i = 0; i < built.size(); i++) {
                boolean says = spec.layers().get(i).doubleBackward();
                assertThat(built.get(i) instanceof TwiceDifferentiable).as(spec.layers().get(i).toString())
                        .isEqualTo(says);
                if (says) {
                    with++;
                } else {
                    without++;
                }
            }
        }
        assertThat(with).isEqualTo(9);
        assertThat(without).isEqualTo(6);
    }
}
