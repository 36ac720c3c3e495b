package org.gan4j.nd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NearestNeighboursTest {

    static double[][] gaussian(SplittableRandom random, int n, int d, double shift) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int t = 0; t < d; t++) {
                row[t] = shift + nextGaussian(random);
            }
        }
        return x;
    }

    static double nextGaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static INDArray matrix(double[][] x) {
        return Nd4j.create(x).castTo(DataType.DOUBLE);
    }

    private static double d2(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            s += (a[t] - b[t]) * (a[t] - b[t]);
        }
        return s;
    }

    /** Brute-force k-th nearest other row. */
    static double[] bruteKth(double[][] x, int k) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[x.length - 1];
            int p = 0;
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    d[p++] = d2(x[i], x[j]);
                }
            }
            Arrays.sort(d);
            out[i] = d[k - 1];
        }
        return out;
    }

    @Test
    void blockedDistancesMatchBruteForceOverSeveralBlocksAndATail() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] q = gaussian(random, 37, 5, 0);
        double[][] r = gaussian(random, 23, 5, 0.5);
        Points pq = Points.of("q", matrix(q), 1);
        Points pr = Points.of("r", matrix(r), 1);
        int[] tiles = {0};
        // 100 elements -> tiles of 10 x 10: 4 x 3 tiles, the last row and column tiles partial
        NearestNeighbours.forEachTile(pq, pr, false, 100, (firstRow, rows, firstCol, cols, d) -> {
            tiles[0]++;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertThat(d[i * cols + j]).isCloseTo(d2(q[firstRow + i], r[firstCol + j]),
                            org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        });
        assertThat(tiles[0]).isEqualTo(12);
        int[] upper = {0};
        NearestNeighbours.forEachTile(pq, pq, true, 100, (firstRow, rows, firstCol, cols, d) -> {
            upper[0]++;
            assertThat(firstCol).isGreaterThanOrEqualTo(firstRow);
        });
        assertThat(upper[0]).isEqualTo(4 + 3 + 2 + 1);

        double[] nearest = NearestNeighbours.nearest(pq, pr, 100);
        for (int i = 0; i < q.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] c : r) {
                best = Math.min(best, d2(q[i], c));
            }
            assertThat(nearest[i]).isEqualTo(best);
        }
        for (int k : new int[] {1, 3, 5}) {
            assertThat(NearestNeighbours.neighbours(pq, k, 100).radiiSquared(k)).containsExactly(bruteKth(q, k));
            assertThat(NearestNeighbours.neighbours(pq, 5, 100).radiiSquared(k)).containsExactly(bruteKth(q, k));
            assertThat(NearestNeighbours.kthNearestDistanceSquared(matrix(q), k)).containsExactly(bruteKth(q, k));
        }
    }

    @Test
    void ballCountsMatchBruteForceAndIncludeTheBoundary() {
        // 1-D integers: every distance is exact, so points at exactly the radius are tested
        double[][] centres = {{0}, {1}, {3}, {7}};
        double[][] queries = {{0}, {2}, {4}, {5}, {10}, {-1}};
        double[] radii = {1, 4, 1, 9}; // squared: radius 1, 2, 1, 3
        int[] counts = NearestNeighbours.containingBallCounts(matrix(queries), matrix(centres), radii);
        // 0: in ball 0 (d=0), ball 1 (d^2=1 <= 4) -> 2; 2: ball 1 (1), ball 2 (1) -> 2; 4: ball 2 (1), ball 3 (9) -> 2
        // 5: ball 3 (4) -> 1; 10: ball 3 (9, on the boundary) -> 1; -1: ball 0 (1) -> 1, ball 1 (4) -> 2
        assertThat(counts).containsExactly(2, 2, 2, 1, 1, 2);
    }

    @Test
    void noTileExceedsItsBoundSoTheFullMatrixNeverExists() {
        SplittableRandom random = new SplittableRandom(30);
        Points q = Points.of("q", matrix(gaussian(random, 2100, 2, 0)), 1);
        Points r = Points.of("r", matrix(gaussian(random, 1500, 2, 0)), 1);
        int[] tiles = {0};
        long[] pairs = {0};
        NearestNeighbours.forEachTile(q, r, false, NearestNeighbours.DEFAULT_BLOCK_ELEMENTS,
                (firstRow, rows, firstCol, cols, d2) -> {
                    tiles[0]++;
                    pairs[0] += (long) rows * cols;
                    assertThat(rows).isLessThanOrEqualTo(NearestNeighbours.MAX_TILE);
                    assertThat(cols).isLessThanOrEqualTo(NearestNeighbours.MAX_TILE);
                    assertThat(d2.length).isLessThanOrEqualTo(NearestNeighbours.MAX_TILE * NearestNeighbours.MAX_TILE);
                });
        assertThat(tiles[0]).isEqualTo(3 * 2);
        assertThat(pairs[0]).isEqualTo(2100L * 1500);
    }

    @Test
    void ballTestsDoNotDependOnTheTiling() {
        SplittableRandom random = new SplittableRandom(21);
        Points q = Points.of("q", matrix(gaussian(random, 45, 3, 0)), 1);
        Points c = Points.of("c", matrix(gaussian(random, 33, 3, 0.2)), 4);
        double[] radii = NearestNeighbours.neighbours(c, 3, 100).radiiSquared(3);
        double[] queryRadii = NearestNeighbours.neighbours(q, 2, 49).radiiSquared(2);
        NearestNeighbours.BallTests small = new NearestNeighbours.BallTests(q, c, radii, radii, queryRadii);
        small.run(49); // 7 x 7 tiles
        NearestNeighbours.BallTests whole = new NearestNeighbours.BallTests(q, c, radii, radii, queryRadii);
        whole.run(NearestNeighbours.DEFAULT_BLOCK_ELEMENTS);
        assertThat(small.precisionCounts).containsExactly(whole.precisionCounts).isEqualTo(small.densityCounts);
        assertThat(small.covered).containsExactly(whole.covered);
        assertThat(small.insideQueryBall).containsExactly(whole.insideQueryBall);
        assertThat(java.util.stream.IntStream.of(small.precisionCounts).sum()).isGreaterThan(0);
    }

    @Test
    void exactCopiesAreAtDistanceZeroAndAViewIsAccepted() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = gaussian(random, 20, 784, 100); // far from the origin: the expansion alone would lose digits
        INDArray m = matrix(x);
        INDArray transposedTwice = m.transpose().dup('c').transpose(); // an 'f'-ordered view
        assertThat(NearestNeighbours.nearestDistanceSquared(transposedTwice, m)).containsOnly(0.0);
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        INDArray good = Nd4j.rand(DataType.DOUBLE, 4, 3);
        assertThatThrownBy(() -> NearestNeighbours.kthNearestDistanceSquared(good, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("points")
                .hasMessageContaining("at least 5 rows");
        assertThatThrownBy(() -> NearestNeighbours.kthNearestDistanceSquared(good, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> NearestNeighbours.nearestDistanceSquared(good.castTo(DataType.FLOAT), good))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queries")
                .hasMessageContaining("DOUBLE");
        assertThatThrownBy(() -> NearestNeighbours.nearestDistanceSquared(good, Nd4j.rand(DataType.DOUBLE, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same number of columns");
        assertThatThrownBy(() -> NearestNeighbours.nearestDistanceSquared(good, Nd4j.rand(DataType.DOUBLE, 2, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference")
                .hasMessageContaining("rank 3");
        INDArray nan = good.dup();
        nan.putScalar(2, 1, Double.NaN);
        assertThatThrownBy(() -> NearestNeighbours.nearestDistanceSquared(nan, good))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queries")
                .hasMessageContaining("[row 2, column 1]");
        assertThatThrownBy(() -> NearestNeighbours.containingBallCounts(good, good, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radiiSquared");
        assertThatThrownBy(() -> NearestNeighbours.containingBallCounts(good, good, new double[] {0, 1, -1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2");
    }

    @Test
    void theFloatScreenStillFindsTheExactNearestWhenItsRoundingCannotTellTheCandidatesApart() {
        // points far from the origin (squared norms ~1e8) and close to each other (squared distances ~1e-2 apart by
        // ~1e-4): a float product cannot order them (its rounding is ~10 in a squared distance), the double
        // decision among the screen's candidates must
        SplittableRandom random = new SplittableRandom(5);
        int d = 40;
        double[] centre = new double[d];
        for (int t = 0; t < d; t++) {
            centre[t] = 1500 + random.nextDouble();
        }
        double[][] q = new double[7][d];
        double[][] r = new double[300][d];
        for (double[][] set : new double[][][] {q, r}) {
            for (double[] p : set) {
                for (int t = 0; t < d; t++) {
                    p[t] = centre[t] + 0.02 * random.nextGaussian();
                }
            }
        }
        double[] nearest = NearestNeighbours.nearest(Points.of("q", matrix(q), 1), Points.of("r", matrix(r), 1), 64);
        int differentFromFloatArgmin = 0;
        for (int i = 0; i < q.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] c : r) {
                best = Math.min(best, d2(q[i], c));
            }
            assertThat(nearest[i]).as("query %d", i).isEqualTo(best);
            if (floatArgminDistance(q[i], r) != best) {
                differentFromFloatArgmin++;
            }
        }
        assertThat(differentFromFloatArgmin).as("a float search alone gets some of these wrong").isPositive();
    }

    /** The exact distance to the point a float-only expanded search picks. */
    private static double floatArgminDistance(double[] a, double[][] r) {
        float na = 0;
        for (double v : a) {
            na += (float) v * (float) v;
        }
        double best = Double.POSITIVE_INFINITY;
        int at = -1;
        for (int j = 0; j < r.length; j++) {
            float nb = 0;
            float dot = 0;
            for (int t = 0; t < a.length; t++) {
                nb += (float) r[j][t] * (float) r[j][t];
                dot += (float) a[t] * (float) r[j][t];
            }
            float e = na + nb - 2 * dot;
            if (e < best) {
                best = e;
                at = j;
            }
        }
        return d2(a, r[at]);
    }
}
