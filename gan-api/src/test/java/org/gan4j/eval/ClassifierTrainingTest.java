package org.gan4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gan4j.Discriminator;
import org.gan4j.Generator;
import org.gan4j.Trainer;
import org.gan4j.nn.Layers;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.nn.Shape;
import org.gan4j.spi.GanEngine;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The classifier settings, the default architecture and its feature layer, and the SPI's defaults. */
class ClassifierTrainingTest {

    @Test
    void defaultsAreTheShippedSettings() {
        ClassifierTraining d = ClassifierTraining.defaults();
        assertThat(d.epochs()).isEqualTo(8);
        assertThat(d.batchSize()).isEqualTo(64);
        assertThat(d.learningRate()).isEqualTo(2e-3);
        assertThat(d.seed()).isEqualTo(14);
        assertThat(d.augment()).isTrue();
        assertThat(d.spec()).isEmpty();
        assertThat(d.toString()).isEqualTo("epochs=8,batchSize=64,learningRate=0.002,seed=14,augment=true,"
                + "optimizer=adam(beta1=0.9,beta2=0.999,eps=1e-8),schedule=linearDecay");
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(d.toBuilder().seed(1).build()).isNotEqualTo(d);
    }

    @Test
    void buildersRefuseValuesOutOfRange() {
        assertThatThrownBy(() -> ClassifierTraining.builder().epochs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epochs must be positive, got 0");
        assertThatThrownBy(() -> ClassifierTraining.builder().batchSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> ClassifierTraining.builder().learningRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> ClassifierTraining.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void theDefaultArchitectureAndItsFeatureLayer() {
        NetworkSpec spec = ClassifierTraining.defaultArchitecture(Shape.image(1, 28, 28), 10);
        assertThat(spec.parameterCount()).isEqualTo(220_298);
        assertThat(spec.outputShape()).isEqualTo(Shape.vector(10));
        assertThat(spec.inputShapeOf(15)).isEqualTo(Shape.image(64, 4, 4));
        int feature = FeatureNetwork.featureLayerOf(spec);
        assertThat(feature).isEqualTo(17);
        assertThat(spec.layers().get(feature)).isEqualTo(Layers.relu());
        assertThat(spec.inputShapeOf(feature + 1)).isEqualTo(Shape.vector(128));
        assertThat(ClassifierTraining.defaultArchitecture(Shape.image(3, 32, 32), 5).outputShape())
                .isEqualTo(Shape.vector(5));
        assertThatThrownBy(() -> ClassifierTraining.defaultArchitecture(Shape.image(1, 4, 4), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8x8");
        assertThatThrownBy(() -> ClassifierTraining.defaultArchitecture(Shape.image(1, 28, 28), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 classes");
        NetworkSpec oneDense = NetworkSpec.sequential(Shape.image(1, 8, 8), Layers.flatten(), Layers.dense(3));
        assertThatThrownBy(() -> FeatureNetwork.featureLayerOf(oneDense))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two dense layers");
    }

    @Test
    void aSpecMustFitTheData() {
        NetworkSpec spec = ClassifierTraining.defaultArchitecture(Shape.image(1, 28, 28), 10);
        ClassifierTraining t = ClassifierTraining.builder().spec(spec).build();
        assertThat(t.specFor(Shape.image(1, 28, 28), 10)).isSameAs(spec);
        assertThatThrownBy(() -> t.specFor(Shape.image(3, 28, 28), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes [1, 28, 28] but the images are [3, 28, 28]");
        assertThatThrownBy(() -> t.specFor(Shape.image(1, 28, 28), 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 classes");
    }

    @Test
    void anEngineWithoutFeatureNetworksSaysWhichProvider() {
        GanEngine bare = new GanEngine() {
            @Override
            public String providerName() {
                return "bare";
            }

            @Override
            public String backend() {
                return "none";
            }

            @Override
            public Trainer trainer() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Generator generator(NetworkSpec spec, DataType dataType, long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Discriminator discriminator(NetworkSpec spec, DataType dataType, long seed) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> bare.featureExtractor(null)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("provider bare");
        assertThatThrownBy(() -> bare.trainClassifier(ClassifierTraining.defaults(), null, null, line -> { }))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("provider bare");
    }
}
