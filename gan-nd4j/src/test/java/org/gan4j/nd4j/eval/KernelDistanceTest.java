package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KernelDistanceTest {

    private static double kernel(double[] a, double[] b) {
        double dot = 0;
        for (int t = 0; t < a.length; t++) {
            dot += a[t] * b[t];
        }
        return Math.pow(dot / a.length + 1, 3);
    }

    /** The unbiased MMD² by the textbook O(n^2) loops. */
    static double directMmd(double[][] x, double[][] y) {
        int m = x.length;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += kernel(x[i], x[j]);
                    yy += kernel(y[i], y[j]);
                }
                xy += kernel(x[i], y[j]);
            }
        }
        return xx / (m * (m - 1.0)) + yy / (m * (m - 1.0)) - 2 * xy / ((double) m * m);
    }

    @Test
    void aTinyCaseMatchesHandArithmeticAndTheDirectLoop() {
        // d = 1: k(a, b) = (ab + 1)^3. x = {0, 1, 2}, y = {1, 1, 3}.
        double[][] x = {{0}, {1}, {2}};
        double[][] y = {{1}, {1}, {3}};
        // xx off-diagonal pairs: (0,1) 1, (0,2) 1, (1,2) 27 -> 2 * 29 = 58; / 6
        // yy pairs: (1,1) 8, (1,3) 64, (1,3) 64 -> 2 * 136 = 272; / 6
        // xy: x=0: 1+1+1 = 3; x=1: 8+8+64 = 80; x=2: 27+27+343 = 397 -> 480; * 2 / 9
        double hand = 58 / 6.0 + 272 / 6.0 - 2 * 480 / 9.0;
        assertThat(directMmd(x, y)).isCloseTo(hand, offset(1e-12));
        // with subsetSize = n every subset is the whole set, in some order: the estimate does not depend on it
        KernelDistanceResult r = KernelDistance.of(NearestNeighboursTest.matrix(x), NearestNeighboursTest.matrix(y),
                5, 3, 1);
        assertThat(r.mean()).isCloseTo(hand, offset(1e-12));
        assertThat(r.std()).isCloseTo(0, offset(1e-12));
        assertThat(r.subsets()).isEqualTo(5);
        assertThat(r.subsetSize()).isEqualTo(3);
    }

    @Test
    void oneSubsetOfRandomFeaturesMatchesTheDirectLoop() {
        SplittableRandom random = new SplittableRandom(4);
        double[][] x = NearestNeighboursTest.gaussian(random, 40, 7, 0);
        double[][] y = NearestNeighboursTest.gaussian(random, 40, 7, 0.3);
        KernelDistanceResult r = KernelDistance.of(NearestNeighboursTest.matrix(x), NearestNeighboursTest.matrix(y),
                1, 40, 99);
        assertThat(r.mean()).isCloseTo(directMmd(x, y), offset(1e-10));
    }

    @Test
    void everySampleAgainstReferenceSubsetsMatchesTheDirectLoopOverTheDocumentedDraws() {
        // m = n: each subset is all of x (its own kernel sum computed once) against m rows of y drawn from the
        // reference's stream, new SplittableRandom(seed).split(); y spans three tiles of the column sums (256 rows
        // each, the last one partial). 4 subsets x 30 rows < 700: one product per subset; 30 x 30 >= 700: the
        // per-row column sums over x
        SplittableRandom random = new SplittableRandom(13);
        double[][] x = NearestNeighboursTest.gaussian(random, 30, 4, 0);
        double[][] y = NearestNeighboursTest.gaussian(random, 700, 4, 0.4);
        int m = 30;
        for (int subsets : new int[] {4, 30}) {
            KernelDistanceResult r = KernelDistance.of(NearestNeighboursTest.matrix(x),
                    NearestNeighboursTest.matrix(y), subsets, m, 11);
            SplittableRandom forY = new SplittableRandom(11).split();
            int[] perm = new int[y.length];
            Arrays.setAll(perm, i -> i);
            double[] mmds = new double[subsets];
            for (int s = 0; s < subsets; s++) {
                KernelDistance.drawSubset(forY, perm, m);
                double[][] ys = new double[m][];
                for (int i = 0; i < m; i++) {
                    ys[i] = y[perm[i]];
                }
                mmds[s] = directMmd(x, ys);
            }
            double mean = Arrays.stream(mmds).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(mmds).map(v -> (v - mean) * (v - mean)).sum() / subsets);
            assertThat(r.mean()).as("%d subsets", subsets).isCloseTo(mean, offset(1e-10));
            assertThat(r.std()).as("%d subsets", subsets).isCloseTo(sd, offset(1e-10));
            assertThat(mmds[0]).as("the subsets differ").isNotCloseTo(mmds[1], offset(1e-6));
        }
    }

    @Test
    void aPreparedReferenceGivesTheSameBitsAndReusesItsSubsetSums() {
        INDArray y = Nd4j.rand(DataType.DOUBLE, 250, 8).addi(0.1);
        INDArray whole = Nd4j.rand(DataType.DOUBLE, 100, 8);
        INDArray larger = Nd4j.rand(DataType.DOUBLE, 300, 8);
        KernelDistance.Reference reference = new KernelDistance.Reference(y);
        KernelDistanceResult a = reference.against(whole, 10, 100, 42);
        KernelDistanceResult b = reference.against(larger, 10, 100, 42);
        assertThat(reference.preparedSettings()).as("one setting, prepared once").isEqualTo(1);
        assertThat(Double.doubleToRawLongBits(a.mean()))
                .isEqualTo(Double.doubleToRawLongBits(KernelDistance.of(whole, y, 10, 100, 42).mean()));
        assertThat(Double.doubleToRawLongBits(b.mean()))
                .isEqualTo(Double.doubleToRawLongBits(KernelDistance.of(larger, y, 10, 100, 42).mean()));
        assertThat(Double.doubleToRawLongBits(b.std()))
                .isEqualTo(Double.doubleToRawLongBits(KernelDistance.of(larger, y, 10, 100, 42).std()));
        reference.against(whole, 10, 100, 43);
        assertThat(reference.preparedSettings()).isEqualTo(2);
    }

    @Test
    void aSubsetOfSeveralGramTilesMatchesTheDirectLoop() {
        // 600 rows: own-Gram tiles of 256, 256 and 88 rows, diagonal and off-diagonal, full and partial
        SplittableRandom random = new SplittableRandom(6);
        double[][] x = NearestNeighboursTest.gaussian(random, 600, 3, 0);
        double[][] y = NearestNeighboursTest.gaussian(random, 600, 3, 0.2);
        KernelDistanceResult r = KernelDistance.of(NearestNeighboursTest.matrix(x), NearestNeighboursTest.matrix(y),
                1, 600, 5);
        double direct = directMmd(x, y);
        assertThat(r.mean()).isCloseTo(direct, offset(1e-12 * 10));
        assertThat(direct).isGreaterThan(1e-3);
    }

    @Test
    void subsetsAreDistinctRowsAndDeterministic() {
        int[] perm = new int[50];
        Arrays.setAll(perm, i -> i);
        SplittableRandom random = new SplittableRandom(8);
        for (int s = 0; s < 20; s++) {
            KernelDistance.drawSubset(random, perm, 30);
            assertThat(Arrays.stream(perm).distinct().count()).isEqualTo(50);
            assertThat(Arrays.copyOf(perm, 30)).doesNotHaveDuplicates();
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 300, 8);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 250, 8).addi(0.1);
        KernelDistanceResult a = KernelDistance.of(x, y, 10, 100, 42);
        KernelDistanceResult b = KernelDistance.of(x, y, 10, 100, 42);
        assertThat(Double.doubleToRawLongBits(a.mean())).isEqualTo(Double.doubleToRawLongBits(b.mean()));
        assertThat(Double.doubleToRawLongBits(a.std())).isEqualTo(Double.doubleToRawLongBits(b.std()));
        assertThat(KernelDistance.of(x, y, 10, 100, 43).mean()).isNotEqualTo(a.mean());
    }

    @Test
    void theSameDistributionGivesAboutZeroAndAShiftClearlyMore() {
        SplittableRandom random = new SplittableRandom(17);
        INDArray x = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 2000, 16, 0));
        INDArray same = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 2000, 16, 0));
        INDArray shifted = NearestNeighboursTest.matrix(NearestNeighboursTest.gaussian(random, 2000, 16, 0.5));
        KernelDistanceResult null0 = KernelDistance.of(x, same, 20, 500, 1);
        assertThat(Math.abs(null0.mean())).isLessThan(null0.std());
        assertThat(null0.std()).isGreaterThan(0);
        KernelDistanceResult apart = KernelDistance.of(x, shifted, 20, 500, 1);
        assertThat(apart.mean()).isGreaterThan(10 * apart.std()).isGreaterThan(100 * Math.abs(null0.mean()));
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 3);
        assertThatThrownBy(() -> KernelDistance.of(x, Nd4j.rand(DataType.DOUBLE, 8, 3), 4, 9, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subsetSize must be at most")
                .hasMessageContaining("(8)");
        assertThatThrownBy(() -> KernelDistance.of(x, x, 4, 1, 0)).hasMessageContaining("subsetSize must be at "
                + "least 2");
        assertThatThrownBy(() -> KernelDistance.of(x, x, 0, 5, 0)).hasMessageContaining("subsets must be at least");
        assertThatThrownBy(() -> KernelDistance.of(x, Nd4j.rand(DataType.DOUBLE, 10, 4), 4, 5, 0))
                .hasMessageContaining("x and y must have the same number of columns");
        assertThatThrownBy(() -> KernelDistance.of(x, x.castTo(DataType.FLOAT), 4, 5, 0))
                .hasMessageContaining("y must be a DOUBLE array");
    }
}
