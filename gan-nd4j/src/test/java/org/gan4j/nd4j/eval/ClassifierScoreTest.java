package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClassifierScoreTest {

    private static INDArray oneHot(int n, int classes, java.util.function.IntUnaryOperator label) {
        INDArray p = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            p.putScalar(i, label.applyAsInt(i), 1.0);
        }
        return p;
    }

    @Test
    void confidentAndUniformOverTheClassesScoresTheClassCount() {
        ClassifierScore s = ClassifierScore.of(oneHot(50, 10, i -> i % 10));
        assertThat(s.score()).isCloseTo(10, offset(1e-12));
        assertThat(s.normalisedEntropy()).isCloseTo(1, offset(1e-12));
        assertThat(s.meanConfidence()).isEqualTo(1.0);
        assertThat(s.histogram()).containsOnly(5L).hasSize(10);
    }

    @Test
    void everySampleInOneClassScoresOne() {
        ClassifierScore s = ClassifierScore.of(oneHot(20, 10, i -> 3));
        assertThat(s.score()).isCloseTo(1, offset(1e-12));
        assertThat(s.normalisedEntropy()).isEqualTo(0.0);
        assertThat(s.histogram()).containsExactly(0, 0, 0, 20, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aHandComputedCase() {
        // p(y|x1) = (0.5, 0.5), p(y|x2) = (1, 0): p(y) = (0.75, 0.25)
        INDArray p = Nd4j.create(new double[][] {{0.5, 0.5}, {1, 0}}).castTo(DataType.DOUBLE);
        double kl1 = 0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25);
        double kl2 = Math.log(1 / 0.75);
        ClassifierScore s = ClassifierScore.of(p);
        assertThat(s.score()).isCloseTo(Math.exp((kl1 + kl2) / 2), offset(1e-14));
        assertThat(s.histogram()).containsExactly(2, 0); // the tie goes to the lower class
        assertThat(s.normalisedEntropy()).isEqualTo(0.0);
        assertThat(s.meanConfidence()).isEqualTo(0.75);
        assertThat(s).isEqualTo(ClassifierScore.of(p.dup()));
        s.histogram()[0] = 99;
        assertThat(s.histogram()[0]).isEqualTo(2); // a copy
    }

    @Test
    void refusesRowsThatAreNotProbabilities() {
        INDArray logits = Nd4j.create(new double[][] {{0.5, 0.6}, {1, 0}}).castTo(DataType.DOUBLE);
        assertThatThrownBy(() -> ClassifierScore.of(logits)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0 sums to 1.1");
        INDArray negative = Nd4j.create(new double[][] {{1.5, -0.5}}).castTo(DataType.DOUBLE);
        assertThatThrownBy(() -> ClassifierScore.of(negative)).hasMessageContaining("non-negative")
                .hasMessageContaining("[row 0, column 1]");
        INDArray nan = Nd4j.create(new double[][] {{Double.NaN, 1}}).castTo(DataType.DOUBLE);
        assertThatThrownBy(() -> ClassifierScore.of(nan)).hasMessageContaining("finite");
        assertThatThrownBy(() -> ClassifierScore.of(Nd4j.ones(DataType.DOUBLE, 3, 1)))
                .hasMessageContaining("at least 2 columns");
        assertThatThrownBy(() -> ClassifierScore.of(oneHot(3, 4, i -> 0).castTo(DataType.FLOAT)))
                .hasMessageContaining("probabilities must be a DOUBLE array");
        // within the tolerance: accepted
        INDArray almost = Nd4j.create(new double[][] {{0.50004, 0.5}}).castTo(DataType.DOUBLE);
        assertThat(ClassifierScore.of(almost).histogram()).containsExactly(1, 0);
    }
}
