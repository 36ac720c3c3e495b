package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FrechetDistanceTest {

    /** A random orthogonal d x d matrix (Gram-Schmidt on Gaussian columns), plain Java. */
    static double[][] rotation(SplittableRandom random, int d) {
        double[][] q = new double[d][d]; // q[j] = column j
        for (int j = 0; j < d; j++) {
            double[] v = new double[d];
            for (int t = 0; t < d; t++) {
                v[t] = NearestNeighboursTest.nextGaussian(random);
            }
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int t = 0; t < d; t++) {
                    dot += v[t] * q[p][t];
                }
                for (int t = 0; t < d; t++) {
                    v[t] -= dot * q[p][t];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            for (int t = 0; t < d; t++) {
                q[j][t] = v[t] / Math.sqrt(norm);
            }
        }
        return q;
    }

    /** R diag(lambda) R^T with R's columns q[j]. */
    static double[][] rotated(double[][] q, double[] lambda) {
        int d = lambda.length;
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += q[j][i] * lambda[j] * q[j][k];
                }
                s[i][k] = v;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int k = i + 1; k < d; k++) {
                s[i][k] = s[k][i] = 0.5 * (s[i][k] + s[k][i]);
            }
        }
        return s;
    }

    static double[][] diag(double[] lambda) {
        double[][] s = new double[lambda.length][lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            s[i][i] = lambda[i];
        }
        return s;
    }

    private static double commutingClosedForm(double[] m1, double[] m2, double[] a, double[] b) {
        double f = 0;
        for (int i = 0; i < m1.length; i++) {
            f += (m1[i] - m2[i]) * (m1[i] - m2[i]) + (Math.sqrt(a[i]) - Math.sqrt(b[i])) * (Math.sqrt(a[i])
                    - Math.sqrt(b[i]));
        }
        return f;
    }

    @Test
    void identicalStatisticsAreAtDistanceZero() {
        FeatureStatistics s = FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 300, 32).muli(5));
        double trace = 0;
        for (int i = 0; i < 32; i++) {
            trace += s.covariance()[i][i];
        }
        assertThat(FrechetDistance.between(s, s)).isLessThanOrEqualTo(1e-9 * trace).isGreaterThanOrEqualTo(0);
        // rank-deficient (fewer samples than features): still 0, no NaN
        FeatureStatistics few = FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 10, 32));
        assertThat(FrechetDistance.between(few, few)).isLessThanOrEqualTo(1e-9).isGreaterThanOrEqualTo(0);
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        double[] m1 = {0, 1, -2, 0.5};
        double[] m2 = {1, 1, 0, -0.5};
        double[] a = {1, 4, 0.25, 9};
        double[] b = {4, 1, 1, 0.01};
        double fid = FrechetDistance.between(FeatureStatistics.fromMoments(m1, diag(a), 1000),
                FeatureStatistics.fromMoments(m2, diag(b), 1000));
        // |m1-m2|^2 = 1 + 0 + 4 + 1 = 6; sum (sqrt a - sqrt b)^2 = 1 + 1 + 0.25 + 8.41 = 10.66
        assertThat(fid).isCloseTo(16.66, offset(1e-12));
        assertThat(fid).isCloseTo(commutingClosedForm(m1, m2, a, b), offset(1e-12));
    }

    @Test
    void rotatedCommutingCovariancesMatchTheClosedForm() {
        SplittableRandom random = new SplittableRandom(5);
        int d = 12;
        double[][] q = rotation(random, d);
        double[] a = new double[d];
        double[] b = new double[d];
        double[] m1 = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < d; i++) {
            a[i] = 0.1 + 3 * random.nextDouble();
            b[i] = 0.1 + 3 * random.nextDouble();
            m1[i] = random.nextDouble();
            m2[i] = random.nextDouble();
        }
        double fid = FrechetDistance.between(FeatureStatistics.fromMoments(m1, rotated(q, a), 1000),
                FeatureStatistics.fromMoments(m2, rotated(q, b), 1000));
        assertThat(fid).isCloseTo(commutingClosedForm(m1, m2, a, b), offset(1e-9));
    }

    @Test
    void nonCommutingTwoByTwoMatchesTheTraceDeterminantFormula() {
        // For 2x2 M with eigenvalues l1, l2 >= 0: Tr(M^(1/2)) = sqrt(Tr M + 2 sqrt(det M)), and det(S1 S2) = det S1
        // det S2, so Tr((S1 S2)^(1/2)) = sqrt(Tr(S1 S2) + 2 sqrt(det S1 det S2)).
        double[][] s1 = {{2, 0.8}, {0.8, 1}};
        double[][] s2 = {{1, -0.3}, {-0.3, 3}};
        double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double traceSqrt = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
        double expected = (1 * 1 + 2 * 2) + (3 + 4) - 2 * traceSqrt;
        FeatureStatistics a = FeatureStatistics.fromMoments(new double[] {0, 0}, s1, 10);
        FeatureStatistics b = FeatureStatistics.fromMoments(new double[] {1, -2}, s2, 10);
        assertThat(FrechetDistance.between(a, b)).isCloseTo(expected, offset(1e-12));
        assertThat(FrechetDistance.between(b, a)).isCloseTo(expected, offset(1e-12));
    }

    @Test
    void aScaledCovarianceGivesOneMinusTheScaleSquaredTimesTheTrace() {
        // S2 = c^2 S1: Tr((S1 S2)^(1/2)) = c Tr(S1), so FID = (1 - c)^2 Tr(S1) for equal means
        FeatureStatistics s = FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 200, 16));
        double c = 1.7;
        double[][] scaled = s.covariance();
        double trace = 0;
        for (int i = 0; i < 16; i++) {
            trace += scaled[i][i];
            for (int j = 0; j < 16; j++) {
                scaled[i][j] *= c * c;
            }
        }
        FeatureStatistics t = FeatureStatistics.fromMoments(s.mean(), scaled, 200);
        assertThat(FrechetDistance.between(s, t)).isCloseTo((1 - c) * (1 - c) * trace, offset(1e-10 * trace));
    }

    @Test
    void symmetricInItsArguments() {
        FeatureStatistics a = FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 100, 20));
        FeatureStatistics b = FeatureStatistics.of(Nd4j.randn(DataType.DOUBLE, 100, 20));
        double ab = FrechetDistance.between(a, b);
        assertThat(ab).isGreaterThan(1);
        assertThat(FrechetDistance.between(b, a)).isCloseTo(ab, offset(1e-9 * ab));
    }

    @Test
    void samplesOfShiftedGaussiansApproachTheClosedForm() {
        SplittableRandom random = new SplittableRandom(2026);
        int n = 20000;
        int d = 4;
        double[] shift = {1, 0, -0.5, 2};
        double[] sd = {1, 2, 0.5, 1};
        double[][] x = new double[n][d];
        double[][] y = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                x[i][t] = NearestNeighboursTest.nextGaussian(random);
                y[i][t] = shift[t] + sd[t] * NearestNeighboursTest.nextGaussian(random);
            }
        }
        double expected = commutingClosedForm(new double[d], shift, new double[] {1, 1, 1, 1},
                new double[] {1, 4, 0.25, 1}); // 5.25 + 1.25 = 6.5
        assertThat(expected).isCloseTo(6.5, offset(1e-12));
        double fid = FrechetDistance.between(FeatureStatistics.of(NearestNeighboursTest.matrix(x)),
                FeatureStatistics.of(NearestNeighboursTest.matrix(y)));
        assertThat(fid).isCloseTo(expected, offset(0.1));
    }

    @Test
    void theSquareRootSquaresBackAndEigenvectorsAreColumns() {
        SplittableRandom random = new SplittableRandom(9);
        double[][] s = rotated(rotation(random, 6), new double[] {0.5, 1, 2, 3, 4, 0});
        INDArray m = NearestNeighboursTest.matrix(s);
        INDArray root = FrechetDistance.sqrtPsd(m);
        assertThat(root.mmul(root).sub(m).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void refusesDifferentDimensionsAndNull() {
        FeatureStatistics a = FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 10, 3));
        FeatureStatistics b = FeatureStatistics.of(Nd4j.rand(DataType.DOUBLE, 10, 4));
        assertThatThrownBy(() -> FrechetDistance.between(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same feature dimension, got 3 and 4");
        assertThatThrownBy(() -> FrechetDistance.between(null, b)).hasMessageContaining("a must not be null");
    }
}
