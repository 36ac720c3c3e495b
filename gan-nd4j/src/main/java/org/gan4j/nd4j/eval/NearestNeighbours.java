package org.gan4j.nd4j.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Nearest-neighbour distances between sets of points (rows of DOUBLE matrices), the building block of precision and
 * recall, density and coverage and memorisation.
 *
 * <p>Squared Euclidean distances come from one matrix product per block of query rows,
 * {@code ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b} (clamped at 0 against rounding), so a 10,000 x 10,000 distance
 * matrix is never held: a block covers at most {@value #MAX_BLOCK_ROWS} query rows and about 2 million distances
 * (16 MB, plus the same again as a heap copy that the per-row selection reads), allocated once per call. The
 * expansion loses digits when two points are much closer to each other than to the origin, so every distance this
 * class returns is recomputed directly as {@code sum (a_i - b_i)^2} for the neighbour that the expansion selected,
 * and every ball-membership test whose expanded distance lies within {@code 1e-9 (||a||^2 + ||b||^2)} of the radius
 * is decided on the direct distance: results are exact for exact copies (distance 0), symmetric in the two points
 * and independent of the blocking. The choice among neighbours whose distances differ by less than the rounding of
 * the expansion (about {@code 1e-13} relative) may differ from an exact search; their distances then differ by no
 * more than that.
 *
 * <p>All arithmetic is in double precision and deterministic: the same inputs give the same bits.
 */
public final class NearestNeighbours {

    /** The most query rows in one distance block. */
    public static final int MAX_BLOCK_ROWS = 1024;

    /** About how many distances one block holds (2^21 doubles, 16 MB). */
    static final long DEFAULT_BLOCK_ELEMENTS = 1L << 21;

    /** Relative width, in squared norms, of the band around a radius where membership is decided exactly. */
    private static final double EXACT_BAND = 1e-9;

    private NearestNeighbours() {
    }

    /**
     * For every point, the squared distance to its {@code k}-th nearest other point of the same set (the point
     * itself excluded; a duplicate counts as a neighbour at distance 0). This is the squared radius of the k-NN ball
     * of Kynkäänniemi et al. (2019) and Naeem et al. (2020).
     *
     * @param points DOUBLE {@code [n, d]}, finite, with {@code n >= k + 1}
     * @param k      the neighbour's rank, at least 1 (1 = the nearest other point)
     * @return {@code [n]} squared distances
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static double[] kthNearestDistanceSquared(INDArray points, int k) {
        requireK(k);
        return kthNearest(Points.of("points", points, k + 1), k, DEFAULT_BLOCK_ELEMENTS);
    }

    /**
     * For every query, the squared distance to its nearest reference point.
     *
     * @param queries   DOUBLE {@code [n, d]}, finite, at least one row
     * @param reference DOUBLE {@code [m, d]}, finite, at least one row, the same {@code d}
     * @return {@code [n]} squared distances
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static double[] nearestDistanceSquared(INDArray queries, INDArray reference) {
        Points q = Points.of("queries", queries, 1);
        Points r = Points.of("reference", reference, 1);
        Matrices.requireSameColumns("queries", q.data, "reference", r.data);
        return nearest(q, r, DEFAULT_BLOCK_ELEMENTS);
    }

    /**
     * For every query, the number of balls that contain it, ball {@code j} being centred on centre {@code j} with
     * squared radius {@code radiiSquared[j]} (a query at exactly the radius is inside).
     *
     * @param queries      DOUBLE {@code [n, d]}, finite, at least one row
     * @param centres      DOUBLE {@code [m, d]}, finite, at least one row, the same {@code d}
     * @param radiiSquared {@code [m]} finite, non-negative squared radii
     * @return {@code [n]} counts in {@code [0, m]}
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static int[] containingBallCounts(INDArray queries, INDArray centres, double[] radiiSquared) {
        Points q = Points.of("queries", queries, 1);
        Points c = Points.of("centres", centres, 1);
        Matrices.requireSameColumns("queries", q.data, "centres", c.data);
        requireRadii(radiiSquared, c.rows);
        return containingBalls(q, c, radiiSquared, DEFAULT_BLOCK_ELEMENTS);
    }

    static void requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    private static void requireRadii(double[] radiiSquared, int centres) {
        if (radiiSquared == null) {
            throw new IllegalArgumentException("radiiSquared must not be null");
        }
        if (radiiSquared.length != centres) {
            throw new IllegalArgumentException("radiiSquared must have one entry per centre (" + centres + "), got "
                    + radiiSquared.length);
        }
        for (int i = 0; i < radiiSquared.length; i++) {
            if (!(radiiSquared[i] >= 0) || Double.isInfinite(radiiSquared[i])) {
                throw new IllegalArgumentException("radiiSquared must hold finite non-negative values, got "
                        + radiiSquared[i] + " at index " + i);
            }
        }
    }

    /** {@link #kthNearestDistanceSquared} on checked points, with a given block size. */
    static double[] kthNearest(Points x, int k, long blockElements) {
        if (x.rows < k + 1) {
            throw new IllegalArgumentException(x.name + " must have at least k + 1 = " + (k + 1)
                    + " rows for the k-th nearest other row, got " + x.rows);
        }
        double[] result = new double[x.rows];
        double[] bestD = new double[k];
        int[] bestI = new int[k];
        double[] a = new double[x.dimension];
        double[] b = new double[x.dimension];
        forEachBlock(x, x, blockElements, (first, rows, d2, columns) -> {
            for (int r = 0; r < rows; r++) {
                int self = first + r;
                topK(d2, r * columns, columns, self, bestD, bestI);
                // The k-th nearest by exact distance among the k nearest candidates: their largest exact distance.
                x.row(self, a);
                double radius = 0;
                for (int t = 0; t < k; t++) {
                    x.row(bestI[t], b);
                    radius = Math.max(radius, exactSquared(a, b));
                }
                result[self] = radius;
            }
        });
        return result;
    }

    /** {@link #nearestDistanceSquared} on checked points, with a given block size. */
    static double[] nearest(Points q, Points ref, long blockElements) {
        double[] result = new double[q.rows];
        double[] a = new double[q.dimension];
        double[] b = new double[q.dimension];
        forEachBlock(q, ref, blockElements, (first, rows, d2, columns) -> {
            for (int r = 0; r < rows; r++) {
                int offset = r * columns;
                int best = 0;
                double bestD = d2[offset];
                for (int j = 1; j < columns; j++) {
                    if (d2[offset + j] < bestD) {
                        bestD = d2[offset + j];
                        best = j;
                    }
                }
                q.row(first + r, a);
                ref.row(best, b);
                result[first + r] = exactSquared(a, b);
            }
        });
        return result;
    }

    /** {@link #containingBallCounts} on checked points, with a given block size. */
    static int[] containingBalls(Points q, Points centres, double[] radiiSquared, long blockElements) {
        int[] counts = new int[q.rows];
        double[] a = new double[q.dimension];
        double[] b = new double[q.dimension];
        double[] cn = centres.normsSquared;
        forEachBlock(q, centres, blockElements, (first, rows, d2, columns) -> {
            for (int r = 0; r < rows; r++) {
                int i = first + r;
                int offset = r * columns;
                double qn = q.normsSquared[i];
                int count = 0;
                boolean loaded = false;
                for (int j = 0; j < columns; j++) {
                    double d = d2[offset + j];
                    double radius = radiiSquared[j];
                    double band = EXACT_BAND * (qn + cn[j]) + Double.MIN_NORMAL;
                    if (d <= radius - band) {
                        count++;
                    } else if (d <= radius + band) {
                        if (!loaded) {
                            q.row(i, a);
                            loaded = true;
                        }
                        centres.row(j, b);
                        if (exactSquared(a, b) <= radius) {
                            count++;
                        }
                    }
                }
                counts[i] = count;
            }
        });
        return counts;
    }

    /**
     * The {@code k} smallest entries of {@code d2[offset, offset + columns)}, skipping column {@code skip} (-1 for
     * none), into {@code bestD} ascending with their columns in {@code bestI}; ties keep the lower column.
     */
    private static void topK(double[] d2, int offset, int columns, int skip, double[] bestD, int[] bestI) {
        int k = bestD.length;
        Arrays.fill(bestD, Double.POSITIVE_INFINITY);
        Arrays.fill(bestI, -1);
        double worst = Double.POSITIVE_INFINITY;
        for (int j = 0; j < columns; j++) {
            double d = d2[offset + j];
            if (d < worst && j != skip) {
                int p = k - 1;
                while (p > 0 && bestD[p - 1] > d) {
                    bestD[p] = bestD[p - 1];
                    bestI[p] = bestI[p - 1];
                    p--;
                }
                bestD[p] = d;
                bestI[p] = j;
                worst = bestD[k - 1];
            }
        }
        // columns >= k + 1 with one skipped leaves at least k candidates, so no -1 remains
    }

    /** {@code sum (a_i - b_i)^2}, symmetric in its arguments to the last bit. */
    static double exactSquared(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double diff = a[t] - b[t];
            s += diff * diff;
        }
        return s;
    }

    /** Receives one block of squared distances. */
    interface BlockConsumer {
        /**
         * @param firstRow the global index of the block's first query row
         * @param rows     how many query rows the block holds
         * @param d2       row-major {@code [rows, columns]} squared distances (more entries may follow: ignore them)
         * @param columns  the number of reference points
         */
        void accept(int firstRow, int rows, double[] d2, int columns);
    }

    /**
     * Squared distances from blocks of query rows to all reference rows, in order of the query rows: one GEMM
     * {@code -2 Q_block R^T} per block into an array allocated once, then the norms added in Java.
     */
    static void forEachBlock(Points q, Points ref, long blockElements, BlockConsumer consumer) {
        int m = ref.rows;
        int blockRows = (int) Math.max(1, Math.min(Math.min(MAX_BLOCK_ROWS, q.rows), blockElements / m));
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {blockRows, m}, 'c');
        INDArray tailOut = null;
        double[] heap = new double[blockRows * m];
        double[] rn = ref.normsSquared;
        for (int first = 0; first < q.rows; first += blockRows) {
            int rows = Math.min(blockRows, q.rows - first);
            INDArray target = out;
            if (rows != blockRows) {
                tailOut = Nd4j.create(DataType.DOUBLE, new long[] {rows, m}, 'c');
                target = tailOut;
            }
            INDArray block = q.data.get(NDArrayIndex.interval(first, first + rows), NDArrayIndex.all());
            Nd4j.gemm(block, ref.data, target, false, true, -2.0, 0.0);
            Matrices.host(target).get(0, heap, 0, rows * m);
            for (int r = 0; r < rows; r++) {
                double qn = q.normsSquared[first + r];
                int offset = r * m;
                for (int j = 0; j < m; j++) {
                    double d = heap[offset + j] + qn + rn[j];
                    heap[offset + j] = d > 0 ? d : 0;
                }
            }
            consumer.accept(first, rows, heap, m);
        }
    }
}
