package org.gan4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gan4j.nn.Layers.conv2d;
import static org.gan4j.nn.Layers.dense;
import static org.gan4j.nn.Layers.flatten;
import static org.gan4j.nn.Layers.leakyRelu;
import static org.gan4j.nn.Layers.reshape;
import static org.gan4j.nn.Layers.spectralNorm;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spectralNorm(...)} in the vocabulary: the wrapped layer's shapes, a nested text form, dense/conv2d only. */
class SpectralNormSpecTest {


    /** An SNGAN-style critic at a small size. */
    static NetworkSpec critic() {
        return NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), spectralNorm(conv2d(8, 4, 2, 1)),
                leakyRelu(0.1), spectralNorm(conv2d(16, 3, 1, 1)), leakyRelu(0.1), flatten(),
                spectralNorm(dense(1)));
    }

    @Test
    void shapesAndParameterCountsAreTheWrappedLayers() {
        NetworkSpec plain = NetworkSpec.sequential(Shape.vector(784), reshape(1, 28, 28), conv2d(8, 4, 2, 1),
                leakyRelu(0.1), conv2d(16, 3, 1, 1), leakyRelu(0.1), flatten(), dense(1));
        NetworkSpec sn = critic();
        for (int i = 0; i <= plain.layers().size(); i++) {
            assertThat(sn.inputShapeOf(i)).as("shape %s", i).isEqualTo(plain.inputShapeOf(i));
        }
        assertThat(sn.parameterCount()).isEqualTo(plain.parameterCount()).isEqualTo(8 * 16 + 8 + 16 * 8 * 9 + 16
                + 16 * 14 * 14 + 1);
        assertThat(sn.batchDependent()).isFalse();
    }

    @Test
    void theTextFormNestsTheWrappedLayerAndRoundTrips() {
        assertThat(spectralNorm(dense(256)).toString()).isEqualTo("spectralNorm(layer=dense(out=256))");
        assertThat(spectralNorm(conv2d(64, 4, 2, 1)).toString())
                .isEqualTo("spectralNorm(layer=conv2d(out=64, kernel=4, stride=2, padding=1))");
        assertThat(Layers.parse(" spectralNorm( layer = conv2d(out=64, kernel=4, stride=2, padding=1) ) "))
                .isEqualTo(spectralNorm(conv2d(64, 4, 2, 1)));
        NetworkSpec c = critic();
        assertThat(NetworkSpec.parse(c.inputShape().toString(), c.layerTexts())).isEqualTo(c);
        assertThat(spectralNorm(dense(3))).isNotEqualTo(dense(3)).isNotEqualTo(spectralNorm(dense(4)));
    }

    @Test
    void anyOtherWrappedKindIsRefusedNamingTheLayerAndItsPosition() {
        assertThatThrownBy(() -> NetworkSpec.parse("[16]", List.of("dense(out=8)",
                "spectralNorm(layer=convTranspose2d(out=1, kernel=4, stride=2, padding=1, outputPadding=0))")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1: spectralNorm wraps a dense or conv2d layer, got convTranspose2d(out=1, kernel=4, "
                        + "stride=2, padding=1, outputPadding=0)");
        assertThatThrownBy(() -> NetworkSpec.parse("[16]", List.of("spectralNorm(layer=spectralNorm(layer=dense("
                + "out=1)))"))).hasMessage("layer 0: spectralNorm wraps a dense or conv2d layer, got "
                + "spectralNorm(layer=dense(out=1))");
        assertThatThrownBy(() -> new Layers.SpectralNorm(Layers.batchNorm()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spectralNorm wraps a dense or conv2d layer, got batchNorm(");
        assertThatThrownBy(() -> new Layers.SpectralNorm(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theWrappedLayersOwnShapeErrorNamesThePosition() {
        assertThatThrownBy(() -> NetworkSpec.sequential(Shape.vector(784), spectralNorm(conv2d(8, 3, 1, 1))))
                .hasMessage("layer 0 (spectralNorm(layer=conv2d(out=8, kernel=3, stride=1, padding=1))) cannot take "
                        + "input [784]: conv2d takes images [channels, height, width], got [784]: add reshape(c, h, "
                        + "w) before it");
    }

    @Test
    void badTextInsideIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Layers.parse("spectralNorm()")).hasMessage("spectralNorm: missing setting layer");
        assertThatThrownBy(() -> Layers.parse("spectralNorm(layer=dense(out=x))"))
                .hasMessage("spectralNorm: layer: dense: out must be an integer, got 'x'");
        assertThatThrownBy(() -> Layers.parse("spectralNorm(layer=dense(out=1), eps=1e-3)"))
                .hasMessage("spectralNorm: unknown setting eps (spectralNorm takes layer)");
        assertThatThrownBy(() -> Layers.parse("spectralNorm(layer=dense(out=1)")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void aHostilelyDeepNestingIsRefusedBeforeAnythingRecurses() {
        int depth = 200_000;
        String text = "spectralNorm(layer=".repeat(depth) + "dense(out=1)" + ")".repeat(depth);
        assertThatThrownBy(() -> Layers.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a layer's text nests brackets at most " + Layers.MAX_NESTING
                        + " deep, got more in 'spectralNorm(layer=spectralNorm(layer=spectralNorm(layer=spe...'");
        assertThatThrownBy(() -> NetworkSpec.parse("[16]", List.of(text))).hasMessageStartingWith("layer 0: a layer's "
                + "text nests");
        String shapes = "reshape(to=" + "[".repeat(depth) + ")";
        assertThatThrownBy(() -> Layers.parse(shapes)).hasMessageStartingWith("a layer's text nests brackets");
        // The legitimate depths pass.
        assertThat(Layers.parse("spectralNorm(layer=dense(out=1))")).isEqualTo(spectralNorm(dense(1)));
        assertThat(Layers.parse("reshape(to=[1, 2, 2])")).isEqualTo(reshape(1, 2, 2));
    }
}
