package org.gan4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.nn.Layers.batchNorm;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.convTranspose2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.dropout;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.relu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.tanh;

import java.util.List;
import org.gan4j.Activation;
import org.gan4j.Mlp;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    /** The DCGAN of the PyTorch reference (torch_recipes.py --recipe dcgan), layer for layer. */
    static NetworkSpec dcganGenerator() {
        return NetworkSpec.sequential(Shape.vector(64), dense(128 * 7 * 7), reshape(128, 7, 7), batchNorm(), relu(),
                convTranspose2d(64, 4, 2, 1, 0), batchNorm(), relu(), convTranspose2d(1, 4, 2, 1, 0), tanh(),
                reshape(784));
    }

    static NetworkSpec dcganDiscriminator() {
        return NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), conv2d(64, 4, 2, 1), leakyRelu(0.2),
                conv2d(128, 4, 2, 1), batchNorm(), leakyRelu(0.2), flatten(), dense(1));
    }

    @Test
    void shapesAreInferredThroughTheChainAndParametersCountedLikePyTorch() {
        NetworkSpec g = dcganGenerator();
        assertThat(g.inputShapeOf(3)).isEqualTo(Shape.image(128, 7, 7));
        assertThat(g.inputShapeOf(5)).isEqualTo(Shape.image(64, 14, 14));
        assertThat(g.inputShapeOf(9)).isEqualTo(Shape.image(1, 28, 28));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(784));
        // sum(p.numel() for p in G.parameters()) of the PyTorch twin
        assertThat(g.parameterCount()).isEqualTo(540_225);
        assertThat(g.batchDependent()).isTrue();

        NetworkSpec d = dcganDiscriminator();
        assertThat(d.inputShapeOf(3)).isEqualTo(Shape.image(64, 14, 14));
        assertThat(d.inputShapeOf(6)).isEqualTo(Shape.image(128, 7, 7));
        assertThat(d.inputShapeOf(7)).isEqualTo(Shape.vector(6272));
        assertThat(d.outputShape()).isEqualTo(Shape.vector(1));
        assertThat(d.parameterCount()).isEqualTo(138_817);
    }

    @Test
    void convolutionArithmeticMatchesPyTorchForOddSizesAndOutputPadding() {
        assertThat(conv2d(8, 3, 2, 1).outputShape(Shape.image(3, 7, 9))).isEqualTo(Shape.image(8, 4, 5));
        assertThat(conv2d(8, 5, 1, 0).outputShape(Shape.image(3, 5, 9))).isEqualTo(Shape.image(8, 1, 5));
        assertThat(convTranspose2d(2, 3, 2, 1, 1).outputShape(Shape.image(4, 7, 5))).isEqualTo(Shape.image(2, 14, 10));
        assertThat(convTranspose2d(2, 4, 2, 1, 0).outputShape(Shape.image(4, 7, 7))).isEqualTo(Shape.image(2, 14, 14));
    }

    @Test
    void aChainThatDoesNotFitNamesTheLayerItsPositionAndBothShapes() {
        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.vector(784), dense(256), conv2d(8, 3, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1 (conv2d(out=8, kernel=3, stride=1, padding=1)) cannot take input [256]: conv2d "
                        + "takes images [channels, height, width], got [256]: add reshape(c, h, w) before it");
        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.image(1, 28, 28), conv2d(8, 3, 1, 1), dense(1)))
                .hasMessageContaining("layer 1 (dense(out=1)) cannot take input [8, 28, 28]")
                .hasMessageContaining("add flatten() before it");
        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.vector(100), reshape(1, 28, 28)))
                .hasMessageContaining("cannot reshape [100] (100 values) to [1, 28, 28] (784 values)");
        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.image(1, 3, 3), conv2d(8, 5, 1, 0)))
                .hasMessageContaining("kernel 5 is larger than the padded input [1, 3, 3]");
        assertThatThrownBy(() -> convTranspose2d(2, 4, 2, 1, 2))
                .hasMessageContaining("outputPadding must be smaller than stride");
        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.vector(3))).hasMessageContaining("at least one layer");
    }

    @Test
    void everyKindRoundTripsThroughItsTextForm() {
        List<LayerSpec> all = List.of(dense(3), conv2d(4, 3, 2, 1), convTranspose2d(2, 4, 2, 1, 1), batchNorm(),
                dropout(0.3), reshape(2, 3, 4), flatten(), relu(), leakyRelu(0.2), tanh(), Layers.sigmoid(),
                Layers.identity(), Layers.spectralNorm(dense(3)), Layers.spectralNorm(conv2d(4, 3, 2, 1)));
        for (LayerSpec spec : all) {
            assertThat(Layers.parse(spec.toString())).as(spec.toString()).isEqualTo(spec);
        }
        NetworkSpec g = dcganGenerator();
        assertThat(NetworkSpec.parse(g.inputShape().toString(), g.layerTexts())).isEqualTo(g);
        assertThat(conv2d(64, 4, 2, 1).toString()).isEqualTo("conv2d(out=64, kernel=4, stride=2, padding=1)");
    }

    @Test
    void badTextIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Layers.parse("conv3d(out=1)")).hasMessageStartingWith("unknown layer kind 'conv3d'")
                .hasMessageContaining("conv2d");
        assertThatThrownBy(() -> Layers.parse("dense()")).hasMessage("dense: missing setting out");
        assertThatThrownBy(() -> Layers.parse("dense(out=3, bias=false)"))
                .hasMessage("dense: unknown setting bias (dense takes out)");
        assertThatThrownBy(() -> Layers.parse("dense(out=three)")).hasMessage("dense: out must be an integer, got "
                + "'three'");
        assertThatThrownBy(() -> Layers.parse("dense(out=-3)")).hasMessage("dense: out must be positive, got -3");
        assertThatThrownBy(() -> NetworkSpec.parse("[784]", List.of("dense(out=3)", "tanh(x=1)")))
                .hasMessage("layer 1: tanh: unknown setting x (tanh takes no settings)");
    }

    @Test
    void anMlpIsTheSequentialOfTheReferenceWithItsLayerNumbers() {
        NetworkSpec g = Mlp.referenceGenerator().generatorSpec(64, 784);
        assertThat(g).isEqualTo(NetworkSpec.sequential(Shape.vector(64), dense(256), leakyRelu(0.01), dense(784),
                tanh()));
        assertThat(Mlp.referenceDiscriminator().discriminatorSpec(784).layers())
                .containsExactly(dense(128), leakyRelu(0.01), dense(1));
        assertThat(Mlp.of(Activation.relu(), Activation.identity(), 8).spec(Shape.image(1, 4, 4), Shape.vector(1))
                .layers()).containsExactly(flatten(), dense(8), relu(), dense(1));
        assertThat(Activation.parse("leakyRelu(0.2)")).isEqualTo(Activation.leakyRelu(0.2));
        assertThat(Activation.parse("leakyRelu(slope=0.2)")).isEqualTo(Activation.leakyRelu(0.2));
        assertThatThrownBy(() -> Activation.parse("dense(out=3)")).hasMessageContaining("not an activation");
    }
}
