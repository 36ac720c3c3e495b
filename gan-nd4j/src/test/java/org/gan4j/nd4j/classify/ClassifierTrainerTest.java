package org.gan4j.nd4j.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.gan4j.data.LabelledImages;
import org.gan4j.eval.ClassifierTraining;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.nd4j.Nd4jEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The supervised loop on real digits: bit-identical for a seed, and it learns. */
class ClassifierTrainerTest {

    private static LabelledImages digits;
    private static Nd4jEngine engine;

    @BeforeAll
    static void load() throws IOException {
        digits = LabelledImages.embeddedMnist();
        engine = new Nd4jEngine();
    }

    private static LabelledImages range(int from, int to) {
        return digits.subset(IntStream.range(from, to).toArray());
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedOthers() {
        LabelledImages train = range(0, 500);
        LabelledImages test = range(9000, 9200);
        ClassifierTraining settings = ClassifierTraining.builder().epochs(1).batchSize(50).seed(3).build();
        List<String> log = new ArrayList<>();
        FeatureNetwork a = engine.trainClassifier(settings, train, test, log::add);
        FeatureNetwork b = engine.trainClassifier(settings, train, test, line -> { });
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
        assertThat(b.sha256()).isEqualTo(a.sha256());
        FeatureNetwork c = engine.trainClassifier(settings.toBuilder().seed(4).build(), train, test, line -> { });
        assertThat(c.sha256()).isNotEqualTo(a.sha256());
        assertThat(log).hasSize(2);
        assertThat(log.get(1)).startsWith("epoch 1/1: loss ").contains("test accuracy");
        assertThat(a.training()).contains("seed=3").contains("500 of embedded MNIST test set");
    }

    @Test
    void learnsRealDigitsWellAboveChance() {
        ClassifierTraining settings = ClassifierTraining.builder().epochs(2).build();
        FeatureNetwork n = engine.trainClassifier(settings, range(0, 2000), range(8000, 9000), line -> { });
        assertThat(n.testAccuracy()).isGreaterThan(0.85); // chance: 0.1
        assertThat(n.featureLayer()).isEqualTo(17);
        assertThat(n.featureSize()).isEqualTo(ClassifierTraining.DEFAULT_FEATURE_SIZE);
        assertThat(n.classNames()).isEqualTo(LabelledImages.MNIST_CLASSES);
    }

    @Test
    void refusesSetsThatDoNotMatch() {
        LabelledImages other = LabelledImages.of("renamed", range(0, 100).images(), range(0, 100).labels(),
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), digits.imageShape());
        assertThatThrownBy(() -> engine.trainClassifier(ClassifierTraining.defaults(), range(0, 100), other,
                line -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ from test");
        LabelledImages comma = LabelledImages.of("commas", range(0, 100).images(), range(0, 100).labels(),
                List.of("a,b", "c", "d", "e", "f", "g", "h", "i", "j", "k"), digits.imageShape());
        assertThatThrownBy(() -> engine.trainClassifier(ClassifierTraining.defaults(), comma, comma, line -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class name 'a,b' of commas");
        assertThatThrownBy(() -> engine.trainClassifier(ClassifierTraining.builder().batchSize(101).build(),
                range(0, 100), range(100, 200), line -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 101 is larger than the 100 training images");
    }

    @Test
    void shiftsMovePixelsAndUncoverTheBackground() {
        ClassifierTrainer.Shifter s = new ClassifierTrainer.Shifter(1, 3, 3, 2);
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] dst = new float[9];
        s.shift(src, 0, dst, 0, 1, 0);
        assertThat(dst).containsExactly(-1, 1, 2, -1, 4, 5, -1, 7, 8);
        s.shift(src, 0, dst, 0, -1, -2);
        assertThat(dst).containsExactly(8, 9, -1, -1, -1, -1, -1, -1, -1);
        s.shift(src, 0, dst, 0, 0, 0);
        assertThat(dst).containsExactly(src);
    }
}
