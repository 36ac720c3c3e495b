package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ManifoldMetricsTest {

    @Test
    void bothPairsTogetherAreTheSeparateCallsBitForBit() {
        SplittableRandom random = new SplittableRandom(12);
        // more than one tile per set (1024 rows), so several tiles and a partial one are combined
        INDArray real = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 1500, 6, 0));
        INDArray fake = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 1100, 6, 0.4));
        ManifoldMetrics both = ManifoldMetrics.of(real, fake, 3, 5);
        assertThat(both.precisionRecall()).isEqualTo(PrecisionRecall.of(real, fake, 3));
        assertThat(both.densityCoverage()).isEqualTo(DensityCoverage.of(real, fake, 5));
        assertThat(both.precisionRecall().precision()).isBetween(0.1, 0.99);
        assertThat(both.densityCoverage().coverage()).isBetween(0.1, 0.99);
        assertThat(ManifoldMetrics.of(real, fake, 3, 5)).isEqualTo(both);
    }

    @Test
    void aReferencePreparedOnceMeasuresEverySetAsOfDoes() {
        SplittableRandom random = new SplittableRandom(13);
        INDArray real = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 1300, 6, 0));
        ManifoldMetrics.Reference reference = new ManifoldMetrics.Reference(real, 3, 5);
        for (double shift : new double[] {0.2, 0.8}) {
            INDArray fake = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 700, 6, shift));
            assertThat(reference.measure(fake)).as("shift %s", shift).isEqualTo(ManifoldMetrics.of(real, fake, 3, 5));
        }
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        INDArray few = PrecisionRecallTest.column(0, 1, 2, 3, 4);
        assertThatThrownBy(() -> ManifoldMetrics.of(few, few, 3, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("real must have at least 6 rows");
        assertThatThrownBy(() -> ManifoldMetrics.of(few, few, 0, 5)).hasMessageContaining("precisionRecallK");
        assertThatThrownBy(() -> ManifoldMetrics.of(few, few, 3, -1)).hasMessageContaining("densityCoverageK");
    }
}
