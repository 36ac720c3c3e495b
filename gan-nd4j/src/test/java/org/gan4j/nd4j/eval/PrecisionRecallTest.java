package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PrecisionRecallTest {

    static INDArray column(double... values) {
        return Nd4j.create(values, new long[] {values.length, 1}, DataType.DOUBLE);
    }

    @Test
    void aHandCheckedOneDimensionalCase() {
        // k = 1. real radii: -10 -> 10 (nearest is 0), 0, 1, 2, 3 -> 1.
        // fake radii: 0.5 -> 2, 5 -> 2.5, 20 -> 15, 2.5 -> 2.
        // precision: 0.5 (in ball of 0) and 2.5 (ball of 2) are inside, 5 and 20 are not -> 2/4.
        // recall: -10 is in no fake ball (nearest fake 0.5 at 10.5 > 2); 0, 1, 2 (ball of 0.5), 3 (ball of 2.5) -> 4/5.
        PrecisionRecall pr = PrecisionRecall.of(column(-10, 0, 1, 2, 3), column(0.5, 5, 20, 2.5), 1);
        assertThat(pr.precision()).isEqualTo(0.5);
        assertThat(pr.recall()).isEqualTo(0.8);
        assertThat(pr.k()).isEqualTo(1);
        assertThat(pr.realCount()).isEqualTo(5);
        assertThat(pr.fakeCount()).isEqualTo(4);
    }

    @Test
    void aPointAtExactlyTheRadiusIsInside() {
        // real radii (k = 1) are all 2; the fake at 6 is at exactly 2 from the real 4
        PrecisionRecall pr = PrecisionRecall.of(column(0, 2, 4), column(6, 100), 1);
        assertThat(pr.precision()).isEqualTo(0.5);
        assertThat(pr.recall()).isEqualTo(1.0); // the fake radii are 94
    }

    @Test
    void fakesThatAreASubsetOfTheRealsHavePrecisionOne() {
        INDArray real = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(new SplittableRandom(1), 300, 8,
                0));
        INDArray fake = real.get(NDArrayIndex.interval(0, 40), NDArrayIndex.all());
        PrecisionRecall pr = PrecisionRecall.of(real, fake, PrecisionRecall.DEFAULT_K);
        assertThat(pr.precision()).isEqualTo(1.0);
        assertThat(pr.recall()).isLessThan(1.0).isGreaterThan(0.0);
    }

    @Test
    void realsInsideFakesWithExtraFarPointsHaveRecallOneAndLowerPrecision() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] real = NearestNeighboursTest.gaussian(random, 200, 8, 0);
        double[][] far = NearestNeighboursTest.gaussian(random, 50, 8, 100);
        double[][] fake = new double[250][];
        System.arraycopy(real, 0, fake, 0, 200);
        System.arraycopy(far, 0, fake, 200, 50);
        PrecisionRecall pr = PrecisionRecall.of(NearestNeighboursTest.matrix(real), NearestNeighboursTest.matrix(fake),
                3);
        assertThat(pr.recall()).isEqualTo(1.0);
        assertThat(pr.precision()).isEqualTo(200 / 250.0);
    }

    @Test
    void farApartSetsScoreZeroAndIdenticalSetsOne() {
        SplittableRandom random = new SplittableRandom(3);
        INDArray real = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 200, 8, 0));
        INDArray fake = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 150, 8, 50));
        PrecisionRecall apart = PrecisionRecall.of(real, fake, 3);
        assertThat(apart.precision()).isZero();
        assertThat(apart.recall()).isZero();
        PrecisionRecall same = PrecisionRecall.of(real, real.dup(), 3);
        assertThat(same.precision()).isEqualTo(1.0);
        assertThat(same.recall()).isEqualTo(1.0);
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> PrecisionRecall.of(column(0, 1, 2), column(0, 1, 2, 3), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("real")
                .hasMessageContaining("at least 4 rows");
        assertThatThrownBy(() -> PrecisionRecall.of(column(0, 1, 2, 3), column(0, 1), 3))
                .hasMessageContaining("fake must have at least 4 rows");
        assertThatThrownBy(() -> PrecisionRecall.of(column(0, 1, 2, 3), column(0, 1, 2, 3), 0))
                .hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> PrecisionRecall.of(Nd4j.rand(DataType.DOUBLE, 5, 2), Nd4j.rand(DataType.DOUBLE, 5, 3),
                1)).hasMessageContaining("same number of columns");
        INDArray nan = column(0, 1, Double.NaN, 3);
        assertThatThrownBy(() -> PrecisionRecall.of(column(0, 1, 2, 3), nan, 1))
                .hasMessageContaining("fake must hold finite values").hasMessageContaining("[row 2, column 0]");
    }
}
