package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GanConfigTest {

    @Test
    void defaultsAreTheReferenceConfiguration() {
        GanConfig c = Gan.builder().build();
        assertThat(c.zDim()).isEqualTo(64);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.epochs()).isEqualTo(50);
        assertThat(c.maxSteps()).isEmpty();
        assertThat(c.learningRate()).isEqualTo(3e-4);
        assertThat(c.beta1()).isEqualTo(0.9);
        assertThat(c.beta2()).isEqualTo(0.999);
        assertThat(c.epsilon()).isEqualTo(1e-8);
        assertThat(c.seed()).isEqualTo(GanConfig.DEFAULT_SEED);
        assertThat(c.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(c.generatorMlp()).contains(Mlp.of(Activation.leakyRelu(0.01), Activation.tanh(), 256));
        assertThat(c.discriminatorMlp()).contains(Mlp.of(Activation.leakyRelu(0.01), Activation.identity(), 128));
        assertThat(c.generator()).isEmpty();
        assertThat(c.loss()).isEmpty();
        assertThat(c.generatorMlp().get().parameterCount(64, 784)).isEqualTo(64 * 256 + 256 + 256 * 784 + 784);
    }

    @Test
    void settersRejectBadValuesNamingTheField() {
        assertThatThrownBy(() -> Gan.builder().zDim(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zDim must be positive, got -3");
        assertThatThrownBy(() -> Gan.builder().batchSize(0)).hasMessage("batchSize must be positive, got 0");
        assertThatThrownBy(() -> Gan.builder().epochs(0)).hasMessage("epochs must be positive, got 0");
        assertThatThrownBy(() -> Gan.builder().maxSteps(-1)).hasMessage("maxSteps must be positive, got -1");
        assertThatThrownBy(() -> Gan.builder().learningRate(Double.NaN))
                .hasMessage("learningRate must be positive and finite, got NaN");
        assertThatThrownBy(() -> Gan.builder().betas(1.0, 0.9)).hasMessage("beta1 must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Gan.builder().dataType(DataType.HALF))
                .hasMessage("dataType must be FLOAT or DOUBLE, got HALF");
        assertThatThrownBy(() -> Gan.builder().discriminator(Mlp.referenceGenerator()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discriminator output activation must be identity");
        assertThatThrownBy(() -> Activation.leakyRelu(-0.1)).hasMessageContaining("slope must be in [0, 1)");
        assertThatThrownBy(() -> Mlp.of(Activation.relu(), Activation.tanh(), 10, 0))
                .hasMessage("hidden layer 1 width must be positive, got 0");
    }

    @Test
    void anAbsurdLearningRateIsAWarningNamingTheFieldAndTheDefaultsHaveNone() {
        assertThat(Gan.builder().build().warnings()).isEmpty();
        assertThat(Gan.builder().learningRate(0.1).build().warnings()).isEmpty();
        assertThat(Gan.builder().learningRate(10).build().warnings()).singleElement().asString()
                .startsWith("learningRate 10.0 is far above").contains("3.0E-4");
    }

    @Test
    void buildChecksCustomNetworksAgainstTheRest() {
        Generator g = new FakeNetwork(100, 784);
        assertThatThrownBy(() -> Gan.builder().generator(g).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("generator takes noise of size 100 but zDim is 64");
        assertThatThrownBy(() -> Gan.builder().discriminator(new FakeNetwork(784, 2)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one logit per image, but outputs 2");
        assertThatThrownBy(() -> Gan.builder().zDim(100).generator(g).discriminator(new FakeNetwork(100, 1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("generator outputs images of size 784 but discriminator takes images of size 100");
        assertThat(Gan.builder().zDim(100).generator(g).build().generator()).containsSame(g);
    }

    @Test
    void configsAreImmutableAndToBuilderStartsAVariation() {
        GanConfig.Builder b = Gan.builder().zDim(16).seed(7);
        GanConfig first = b.build();
        GanConfig second = b.epochs(3).build();
        assertThat(first.epochs()).isEqualTo(50);
        assertThat(second.epochs()).isEqualTo(3);
        GanConfig varied = first.toBuilder().batchSize(8).build();
        assertThat(varied.zDim()).isEqualTo(16);
        assertThat(varied.seed()).isEqualTo(7);
        assertThat(varied.batchSize()).isEqualTo(8);
        assertThat(first.batchSize()).isEqualTo(32);
        assertThat(first.listeners()).isUnmodifiable();
    }

    @Test
    void activationsRoundTripThroughText() {
        for (Activation a : new Activation[] {Activation.identity(), Activation.relu(), Activation.tanh(),
                Activation.sigmoid(), Activation.leakyRelu(0.2)}) {
            assertThat(Activation.parse(a.toString())).isEqualTo(a);
        }
        assertThatThrownBy(() -> Activation.parse("swish")).hasMessageContaining("unknown activation 'swish'");
    }

    /** A network that only reports its sizes, for configuration checks. */
    static final class FakeNetwork implements Generator, Discriminator {
        private final int in;
        private final int out;

        FakeNetwork(int in, int out) {
            this.in = in;
            this.out = out;
        }

        @Override public int inputSize() { return in; }
        @Override public int outputSize() { return out; }
        @Override public DataType dataType() { return DataType.FLOAT; }
        @Override public org.nd4j.linalg.api.ndarray.INDArray forward(
                org.nd4j.linalg.api.ndarray.INDArray x, boolean t) { throw new UnsupportedOperationException(); }
        @Override public org.nd4j.linalg.api.ndarray.INDArray backward(
                org.nd4j.linalg.api.ndarray.INDArray g) { throw new UnsupportedOperationException(); }
        @Override public org.nd4j.linalg.api.ndarray.INDArray parameters() {
            throw new UnsupportedOperationException(); }
        @Override public org.nd4j.linalg.api.ndarray.INDArray gradients() {
            throw new UnsupportedOperationException(); }
        @Override public void zeroGrad() { }
    }
}
