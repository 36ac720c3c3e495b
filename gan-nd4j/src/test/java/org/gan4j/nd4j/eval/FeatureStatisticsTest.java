package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureStatisticsTest {

    @Test
    void meanAndUnbiasedCovarianceMatchATwoPassLoopOverSeveralBlocks() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] x = NearestNeighboursTest.gaussian(random, 53, 6, 1000); // a large offset: centring matters
        int n = x.length;
        int d = 6;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int t = 0; t < d; t++) {
                mean[t] += row[t] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (n - 1);
                }
            }
        }
        // 60 elements -> blocks of 10 rows: 5 full blocks and a tail of 3
        for (FeatureStatistics s : new FeatureStatistics[] {
                FeatureStatistics.of(NearestNeighboursTest.matrix(x), 60),
                FeatureStatistics.of(NearestNeighboursTest.matrix(x))}) {
            assertThat(s.count()).isEqualTo(n);
            assertThat(s.dimension()).isEqualTo(d);
            for (int t = 0; t < d; t++) {
                assertThat(s.mean()[t]).isCloseTo(mean[t], offset(1e-9));
                for (int j = 0; j < d; j++) {
                    assertThat(s.covariance()[t][j]).isCloseTo(cov[t][j], offset(1e-9));
                    assertThat(s.covariance()[t][j]).isEqualTo(s.covariance()[j][t]);
                }
            }
        }
    }

    @Test
    void fromMomentsChecksItsArguments() {
        double[][] cov = {{2, 0.5}, {0.5, 1}};
        FeatureStatistics s = FeatureStatistics.fromMoments(new double[] {1, 2}, cov, 100);
        assertThat(s.covariance()).isDeepEqualTo(cov);
        assertThatThrownBy(() -> FeatureStatistics.fromMoments(new double[] {1, 2}, new double[][] {{2, 0.5},
                {0.4, 1}}, 100)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symmetric");
        assertThatThrownBy(() -> FeatureStatistics.fromMoments(new double[] {1, 2}, new double[][] {{-2, 0},
                {0, 1}}, 100)).hasMessageContaining("non-negative diagonal");
        assertThatThrownBy(() -> FeatureStatistics.fromMoments(new double[] {1}, cov, 100))
                .hasMessageContaining("covariance must be [1][1]");
        assertThatThrownBy(() -> FeatureStatistics.fromMoments(new double[] {1, Double.NaN}, cov, 100))
                .hasMessageContaining("mean must hold finite values");
        assertThatThrownBy(() -> FeatureStatistics.fromMoments(new double[] {1, 2}, cov, 1))
                .hasMessageContaining("count");
    }

    @Test
    void ofRefusesBadFeatures() {
        assertThatThrownBy(() -> FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 1, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features")
                .hasMessageContaining("at least 2 rows");
        assertThatThrownBy(() -> FeatureStatistics.of(Nd4j.rand(DataType.FLOAT, 5, 4)))
                .hasMessageContaining("features must be a DOUBLE array");
        assertThatThrownBy(() -> FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 5)))
                .hasMessageContaining("features must be a matrix");
        INDArray inf = Nd4j.rand(DataType.DOUBLE, 5, 4);
        inf.putScalar(4, 3, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> FeatureStatistics.of(inf)).hasMessageContaining("[row 4, column 3]");
        assertThatThrownBy(() -> FeatureStatistics.of(Nd4j.create(DataType.DOUBLE, 3, FeatureStatistics.MAX_DIMENSION
                + 1))).hasMessageContaining("at most 4096 features");
    }
}
