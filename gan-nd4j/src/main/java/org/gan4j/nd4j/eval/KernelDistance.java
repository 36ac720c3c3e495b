package org.gan4j.nd4j.eval;

import java.nio.DoubleBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The kernel inception distance (KID) of Bińkowski et al. (2018), "Demystifying MMD GANs": the unbiased estimate
 * of the squared maximum mean discrepancy between two feature sets under the cubic polynomial kernel
 * <pre>
 *   k(a, b) = (a . b / d + 1)^3
 *   MMD²_u = sum_{i != j} k(x_i, x_j) / (m (m - 1)) + sum_{i != j} k(y_i, y_j) / (m (m - 1))
 *            - 2 sum_{i, j} k(x_i, y_j) / m²
 * </pre>
 * averaged over random subsets of {@code m} rows of each set, as Mimicry and torch-fidelity do (defaults
 * {@value #DEFAULT_SUBSETS} subsets of {@value #DEFAULT_SUBSET_SIZE}). Unlike FID it is unbiased, so values at
 * different sample counts can be compared, and it can be slightly negative when the sets match. <b>Lower is
 * better</b>; it answers the same question as FID (do the samples look like the data, as a whole).
 *
 * <p>Each subset draws {@code m} distinct rows of {@code x} and {@code m} distinct rows of {@code y} (partial
 * Fisher-Yates shuffles), the rows of {@code y} from a stream of their own split from the caller's seed, so the
 * result is deterministic (the same inputs and seed give the same bits) and the reference side's subsets do not
 * depend on {@code x}: a {@link Reference} computes their kernel sums once and every evaluation against it reuses
 * them. When a subset is the whole of {@code x} ({@code m = n}, as in an evaluation during training), its kernel
 * sum with itself is computed once for all subsets (the sum over a set does not depend on the order of its rows),
 * and, when {@code subsets x n >= n'}, its sum with a subset of {@code y} is the sum of that subset's rows' kernel
 * sums over {@code x}, computed once for every row of {@code y}: {@code n x n'} kernels in all rather than
 * {@code subsets x n x n}. The kernel matrices come from matrix products into arrays allocated once per call (of a set with itself only the upper triangle, by tiles); the kernel
 * and the sums are taken in double precision in Java.
 */
public final class KernelDistance {

    /** Subsets drawn by default (torch-fidelity's {@code kid_subsets}). */
    public static final int DEFAULT_SUBSETS = 100;

    /** Rows of each set per subset by default (torch-fidelity's {@code kid_subset_size}). */
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    /** Rows per tile of a set's own Gram matrix. */
    private static final int PART = 256;

    private KernelDistance() {
    }

    /**
     * KID between two feature sets.
     *
     * @param x          DOUBLE {@code [n, d]} features of one set (e.g. generated samples), finite
     * @param y          DOUBLE {@code [n', d]} features of the other (e.g. reference images), finite, the same d
     * @param subsets    how many subsets to draw, at least 1
     * @param subsetSize rows of each set per subset, at least 2 and at most {@code min(n, n')}
     * @param seed       seeds the subset draws
     * @return the mean and standard deviation over the subsets
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static KernelDistanceResult of(INDArray x, INDArray y, int subsets, int subsetSize, long seed) {
        return new Reference(y).against(x, subsets, subsetSize, seed);
    }

    /**
     * The reference side of KID, prepared for many evaluations: for each setting (subsets, subset size, seed) its
     * subsets' kernel sums with themselves, a third of the work of an evaluation, are computed once. Safe for use
     * from several threads.
     */
    public static final class Reference {

        private final INDArray y;
        private final Map<List<Long>, double[]> ownSums = new ConcurrentHashMap<>();

        /**
         * Prepares a reference set.
         *
         * @param y DOUBLE {@code [n', d]} features of the reference images, finite, at least two rows
         * @throws IllegalArgumentException if {@code y} is not as described
         */
        public Reference(INDArray y) {
            this.y = Matrices.requireMatrix("y", y, 2);
        }

        /**
         * KID between {@code x} and this reference: the same bits as {@link KernelDistance#of} with the same
         * arguments.
         *
         * @param x          DOUBLE {@code [n, d]} features of the samples, finite, the reference's d
         * @param subsets    how many subsets to draw, at least 1
         * @param subsetSize rows of each set per subset, at least 2 and at most {@code min(n, n')}
         * @param seed       seeds the subset draws
         * @return the mean and standard deviation over the subsets
         * @throws IllegalArgumentException if an argument is not as described
         */
        public KernelDistanceResult against(INDArray x, int subsets, int subsetSize, long seed) {
            INDArray a = Matrices.requireMatrix("x", x, 2);
            Matrices.requireSameColumns("x", a, "y", y);
            if (subsets < 1) {
                throw new IllegalArgumentException("subsets must be at least 1, got " + subsets);
            }
            if (subsetSize < 2) {
                throw new IllegalArgumentException("subsetSize must be at least 2 (the unbiased estimate divides by "
                        + "subsetSize - 1), got " + subsetSize);
            }
            if (subsetSize > a.rows() || subsetSize > y.rows()) {
                throw new IllegalArgumentException("subsetSize must be at most the rows of x (" + a.rows()
                        + ") and of y (" + y.rows() + "), got " + subsetSize);
            }
            int d = (int) a.columns();
            int m = subsetSize;
            Draws draws = new Draws(seed);
            double[] yy = ownSums.computeIfAbsent(List.of((long) subsets, (long) m, seed),
                    key -> subsetSums(y, draws.forY(), subsets, m));
            int[] permX = identity((int) a.rows());
            int[] permY = identity((int) y.rows());
            double[] subset = new double[m * d];
            boolean wholeX = m == a.rows();
            double[] heap = new double[m * m];
            Map<Long, INDArray> tiles = new HashMap<>();
            double xxWhole = wholeX ? offDiagonalKernelSum(a, tiles, heap, d) : Double.NaN;
            // every subset takes all of x: its kernel sum with a subset of y is a sum of that subset's column sums
            // over x, computed once for every row of y (n x n' kernels instead of subsets x n x n) when that is less
            boolean byColumns = wholeX && (long) subsets * m >= y.rows();
            double[] columnSums = byColumns ? columnKernelSums(a, y, d) : null;
            INDArray product = byColumns ? null : Nd4j.create(DataType.DOUBLE, new long[] {m, m}, 'c');
            SplittableRandom forX = draws.forX();
            SplittableRandom forY = draws.forY();
            double[] mmds = new double[subsets];
            for (int s = 0; s < subsets; s++) {
                drawSubset(forY, permY, m);
                double xx;
                double xy;
                if (byColumns) {
                    xx = xxWhole;
                    xy = 0;
                    for (int j = 0; j < m; j++) {
                        xy += columnSums[permY[j]];
                    }
                } else {
                    INDArray ys = gather(y, permY, subset);
                    INDArray xs = a;
                    xx = xxWhole;
                    if (!wholeX) {
                        drawSubset(forX, permX, m);
                        xs = gather(a, permX, subset);
                        xx = offDiagonalKernelSum(xs, tiles, heap, d);
                    }
                    xy = kernelSum(xs, ys, product, heap, d);
                    // off-heap memory is otherwise freed only when the GC runs, which a small heap rarely does: 100
                    // subsets of 1,000 rows left 200 MB behind per evaluation
                    if (!wholeX) {
                        Matrices.release(xs);
                    }
                    Matrices.release(ys);
                }
                mmds[s] = (xx + yy[s]) / ((double) m * (m - 1)) - 2 * xy / ((double) m * m);
            }
            Matrices.release(product);
            tiles.values().forEach(Matrices::release);
            double mean = 0;
            for (double v : mmds) {
                mean += v;
            }
            mean /= subsets;
            double var = 0;
            for (double v : mmds) {
                var += (v - mean) * (v - mean);
            }
            return new KernelDistanceResult(mean, Math.sqrt(var / subsets), subsets, subsetSize);
        }

        /** {@return how many settings' subset sums this reference holds} */
        int preparedSettings() {
            return ownSums.size();
        }

        /** Every subset's {@code sum_{i != j} k(y_i, y_j)}, drawn as {@link #against} draws them. */
        private static double[] subsetSums(INDArray y, SplittableRandom forY, int subsets, int m) {
            int d = (int) y.columns();
            int[] permY = identity((int) y.rows());
            double[] subset = new double[m * d];
            double[] heap = new double[m * m];
            Map<Long, INDArray> tiles = new HashMap<>();
            double[] sums = new double[subsets];
            for (int s = 0; s < subsets; s++) {
                drawSubset(forY, permY, m);
                INDArray ys = gather(y, permY, subset);
                sums[s] = offDiagonalKernelSum(ys, tiles, heap, d);
                Matrices.release(ys);
            }
            tiles.values().forEach(Matrices::release);
            return sums;
        }
    }

    /** The two streams of subset draws of a seed, one per set. */
    private record Draws(long seed) {

        SplittableRandom forY() {
            return new SplittableRandom(seed).split();
        }

        SplittableRandom forX() {
            SplittableRandom base = new SplittableRandom(seed);
            base.split(); // the reference's stream
            return base.split();
        }
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /**
     * Makes {@code perm[0, size)} a uniformly random choice of {@code size} distinct entries, in random order
     * (partial Fisher-Yates; any starting permutation is fine).
     */
    static void drawSubset(SplittableRandom random, int[] perm, int size) {
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(perm.length - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /**
     * The rows {@code perm[0, m)} of {@code source} as a new {@code [m, d]} array, through the heap buffer
     * {@code subset} (a new array rather than a write through a host view: on a GPU backend ND4J then knows the data
     * changed).
     */
    private static INDArray gather(INDArray source, int[] perm, double[] subset) {
        DoubleBuffer from = Matrices.host(source);
        int d = (int) source.columns();
        int m = subset.length / d;
        for (int i = 0; i < m; i++) {
            from.get(perm[i] * d, subset, i * d, d);
        }
        return Nd4j.create(subset, new long[] {m, d}, DataType.DOUBLE);
    }

    private static double cubic(double dot, double d) {
        double v = dot / d + 1;
        return v * v * v;
    }

    /**
     * {@code sum_{i != j} k(p_i, p_j)} of one set with itself: twice the sum over its Gram matrix's upper triangle,
     * which is computed in tiles of {@value #PART} rows on and above the diagonal only (10 of 16 tiles' work for
     * 1,000 rows).
     */
    private static double offDiagonalKernelSum(INDArray p, Map<Long, INDArray> outputs, double[] heap, int d) {
        int m = (int) p.rows();
        double sum = 0;
        for (int a0 = 0; a0 < m; a0 += PART) {
            int ra = Math.min(PART, m - a0);
            INDArray pa = p.get(NDArrayIndex.interval(a0, a0 + ra), NDArrayIndex.all());
            for (int b0 = a0; b0 < m; b0 += PART) {
                int rb = Math.min(PART, m - b0);
                INDArray pb = p.get(NDArrayIndex.interval(b0, b0 + rb), NDArrayIndex.all());
                INDArray out = outputs.computeIfAbsent((long) ra << 32 | rb,
                        key -> Nd4j.create(DataType.DOUBLE, new long[] {ra, rb}, 'c'));
                Nd4j.gemm(pa, pb, out, false, true, 1.0, 0.0);
                Matrices.host(out).get(0, heap, 0, ra * rb);
                if (a0 == b0) {
                    for (int i = 0; i < ra; i++) {
                        for (int j = i + 1; j < rb; j++) {
                            sum += cubic(heap[i * rb + j], d);
                        }
                    }
                } else {
                    for (int i = 0; i < ra * rb; i++) {
                        sum += cubic(heap[i], d);
                    }
                }
            }
        }
        return 2 * sum;
    }

    /**
     * For every row {@code j} of {@code q}, {@code sum_i k(p_i, q_j)} (summed in row order), from matrix products
     * of {@code p} with tiles of {@value #PART} rows of {@code q}.
     */
    private static double[] columnKernelSums(INDArray p, INDArray q, int d) {
        int n = (int) p.rows();
        int rows = (int) q.rows();
        double[] sums = new double[rows];
        double[] heap = new double[n * PART];
        Map<Integer, INDArray> outputs = new HashMap<>();
        for (int b0 = 0; b0 < rows; b0 += PART) {
            int rb = Math.min(PART, rows - b0);
            INDArray qb = q.get(NDArrayIndex.interval(b0, b0 + rb), NDArrayIndex.all());
            INDArray out = outputs.computeIfAbsent(rb, key -> Nd4j.create(DataType.DOUBLE, new long[] {n, rb}, 'c'));
            Nd4j.gemm(p, qb, out, false, true, 1.0, 0.0);
            Matrices.host(out).get(0, heap, 0, n * rb);
            for (int i = 0; i < n; i++) {
                int offset = i * rb;
                for (int j = 0; j < rb; j++) {
                    sums[b0 + j] += cubic(heap[offset + j], d);
                }
            }
        }
        outputs.values().forEach(Matrices::release);
        return sums;
    }

    /** {@code sum_{i, j} k(p_i, q_j)}. */
    private static double kernelSum(INDArray p, INDArray q, INDArray product, double[] heap, int d) {
        int m = (int) p.rows();
        Nd4j.gemm(p, q, product, false, true, 1.0, 0.0);
        Matrices.host(product).get(0, heap, 0, m * m);
        double sum = 0;
        for (int i = 0; i < m * m; i++) {
            sum += cubic(heap[i], d);
        }
        return sum;
    }
}
