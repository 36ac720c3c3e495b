package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.gan4j.nd4j.eval.PrecisionRecallTest.column;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DensityCoverageTest {

    @Test
    void aHandCheckedOneDimensionalCase() {
        // k = 1. real radii: -10 -> 10, 0, 1, 2, 3 -> 1.
        // balls holding each fake: 0.5 -> those of 0 and 1; 5 -> none; 20 -> none; 2.5 -> those of 2 and 3.
        // density = (2 + 0 + 0 + 2) / (1 * 4) = 1. coverage: the ball of -10 (nearest fake 0.5, at 10.5) is empty,
        // the other four are not -> 4/5.
        DensityCoverage dc = DensityCoverage.of(column(-10, 0, 1, 2, 3), column(0.5, 5, 20, 2.5), 1);
        assertThat(dc.density()).isEqualTo(1.0);
        assertThat(dc.coverage()).isEqualTo(0.8);
        assertThat(dc.k()).isEqualTo(1);
        assertThat(dc.realCount()).isEqualTo(5);
        assertThat(dc.fakeCount()).isEqualTo(4);
        // k = 2: radii -10 -> 11, 0 -> 2, 1 -> 1, 2 -> 1, 3 -> 2. 0.5 is in the balls of -10 (10.5 <= 11), 0 and 1;
        // 5 in that of 3 (at exactly 2); 20 in none; 2.5 in those of 2 and 3 -> density (3 + 1 + 0 + 2) / (2 * 4).
        // Every ball now holds a fake (that of -10 holds 0.5) -> coverage 1.
        DensityCoverage k2 = DensityCoverage.of(column(-10, 0, 1, 2, 3), column(0.5, 5, 20, 2.5), 2);
        assertThat(k2.density()).isEqualTo(0.75);
        assertThat(k2.coverage()).isEqualTo(1.0);
    }

    @Test
    void identicalSetsHaveDensityKPlusOneOverKAndFullCoverage() {
        INDArray real = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(new SplittableRandom(5), 300, 8,
                0));
        DensityCoverage dc = DensityCoverage.of(real, real.dup(), DensityCoverage.DEFAULT_K);
        // each ball holds its centre and its k nearest neighbours (no ties in continuous data)
        assertThat(dc.density()).isCloseTo(6 / 5.0, offset(1e-15));
        assertThat(dc.coverage()).isEqualTo(1.0);
    }

    @Test
    void farApartSetsScoreZero() {
        SplittableRandom random = new SplittableRandom(6);
        INDArray real = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 100, 4, 0));
        INDArray fake = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 30, 4, 40));
        DensityCoverage dc = DensityCoverage.of(real, fake, 5);
        assertThat(dc.density()).isZero();
        assertThat(dc.coverage()).isZero();
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> DensityCoverage.of(column(0, 1, 2, 3, 4), column(0), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("real must have at least 6 rows");
        assertThatThrownBy(() -> DensityCoverage.of(column(0, 1, 2), column(0, 1).reshape(1, 2), 1))
                .hasMessageContaining("same number of columns");
    }
}
