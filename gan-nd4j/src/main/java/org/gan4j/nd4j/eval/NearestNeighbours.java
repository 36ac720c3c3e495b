package org.gan4j.nd4j.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Nearest-neighbour distances between sets of points (rows of DOUBLE matrices), the building block of precision and
 * recall, density and coverage and memorisation.
 *
 * <p>Squared Euclidean distances come from one matrix product per tile of at most {@value #MAX_TILE} x
 * {@value #MAX_TILE} pairs, {@code ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b} (clamped at 0 against rounding), so a
 * 10,000 x 10,000 distance matrix is never held: a tile is 8 MB, plus the same again as a heap copy that the
 * selection in Java reads, allocated once per call and tile shape. Within one set only the tiles on and above the
 * diagonal are computed (each distance serves both of its points), which halves the work. The expansion loses
 * digits when two points are much closer to each other than to the origin, so every distance this class returns is
 * recomputed directly as {@code sum (a_i - b_i)^2} for the neighbour that the expansion selected, and every
 * ball-membership test whose expanded distance lies within {@code 1e-9 (||a||^2 + max ||b||^2)} of the radius is
 * decided on the direct distance: results are exact for exact copies (distance 0), symmetric in the two points and
 * independent of the tiling. The choice among neighbours whose distances differ by less than the rounding of the
 * expansion (about {@code 1e-13} relative) may differ from an exact search; their distances then differ by no more
 * than that.
 *
 * <p>The nearest-point search between two sets ({@link #nearestDistanceSquared}) screens with a FLOAT product
 * instead and decides among the candidates its rounding cannot separate on direct double distances (see
 * {@link #nearest}): its result is the exact nearest distance. Everything else is in double precision. All of it
 * is deterministic: the same inputs give the same bits.
 */
public final class NearestNeighbours {

    /** The most rows (and columns) of one tile of distances. */
    public static final int MAX_TILE = 1024;

    /** About how many distances one tile holds at most (2^20 doubles, 8 MB). */
    static final long DEFAULT_BLOCK_ELEMENTS = (long) MAX_TILE * MAX_TILE;

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
        Points x = Points.of("points", points, k + 1);
        return neighbours(x, k, DEFAULT_BLOCK_ELEMENTS).radiiSquared(k);
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
        BallTests tests = new BallTests(q, c, radiiSquared, null, null);
        tests.run(DEFAULT_BLOCK_ELEMENTS);
        return tests.precisionCounts;
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

    /**
     * The {@code kMax} nearest other points of every point of {@code x}, from the tiles on and above the diagonal.
     */
    static Neighbours neighbours(Points x, int kMax, long blockElements) {
        if (x.rows < kMax + 1) {
            throw new IllegalArgumentException(x.name + " must have at least k + 1 = " + (kMax + 1)
                    + " rows for the k-th nearest other row, got " + x.rows);
        }
        Neighbours nb = new Neighbours(x, kMax);
        forEachTile(x, x, true, blockElements, (firstRow, rows, firstCol, cols, d2) -> {
            boolean diagonal = firstRow == firstCol;
            double[] worst = nb.worst;
            for (int r = 0; r < rows; r++) {
                int i = firstRow + r;
                int offset = r * cols;
                for (int c = 0; c < cols; c++) {
                    double d = d2[offset + c];
                    int j = firstCol + c;
                    if (diagonal) {
                        // both (i, j) and (j, i) are in this tile: offer each pair to its row only
                        if (d < worst[i] && i != j) {
                            nb.offer(i, d, j);
                        }
                    } else {
                        if (d < worst[i]) {
                            nb.offer(i, d, j);
                        }
                        if (d < worst[j]) {
                            nb.offer(j, d, i);
                        }
                    }
                }
            }
        });
        return nb;
    }

    /**
     * {@link #nearestDistanceSquared} on checked points, with a given tile size: screened in single precision, decided
     * in double.
     *
     * <p>The expanded distances of a tile come from a FLOAT matrix product (half the time and memory traffic of a
     * DOUBLE one: this search, a 10,000-image training set against every sample in pixel space, is the largest
     * product of an evaluation). Rounding the points and the product to float moves an expanded distance by at most
     * {@code (d + 3) u (||a||^2 + ||b||^2)} ({@code u = 2^-24}; Higham's bound for a dot product of length {@code d},
     * with the inputs' own rounding), so every reference point whose screened distance lies within twice that bound
     * (taken at the largest reference norm) of the query's smallest screened distance is a candidate, and the
     * candidates' distances are computed directly in double: the result is the exact nearest distance, whatever the
     * rounding of the screen.
     */
    static double[] nearest(Points q, Points ref, long blockElements) {
        int n = q.rows;
        double[] bestScreened = new double[n];
        Arrays.fill(bestScreened, Double.POSITIVE_INFINITY);
        double[] band = new double[n];
        double maxRef = max(ref.normsSquared);
        double bound = 2.0 * (q.dimension + 3) * 0x1.0p-24;
        for (int i = 0; i < n; i++) {
            band[i] = bound * (q.normsSquared[i] + maxRef);
        }
        Candidates candidates = new Candidates(n);
        forEachFloatTile(q, ref, blockElements, (firstRow, rows, firstCol, cols, d2) -> {
            for (int r = 0; r < rows; r++) {
                int i = firstRow + r;
                int offset = r * cols;
                double best = bestScreened[i];
                for (int c = 0; c < cols; c++) {
                    best = Math.min(best, d2[offset + c]);
                }
                bestScreened[i] = best;
                double limit = best + band[i];
                for (int c = 0; c < cols; c++) {
                    if (d2[offset + c] <= limit) {
                        candidates.add(i, firstCol + c, d2[offset + c]);
                    }
                }
            }
        });
        double[] a = new double[q.dimension];
        double[] b = new double[q.dimension];
        double[] bestD = new double[n];
        for (int i = 0; i < n; i++) {
            q.row(i, a);
            double limit = bestScreened[i] + band[i];
            double best = Double.POSITIVE_INFINITY;
            for (int t = candidates.start(i); t >= 0; t = candidates.next(t)) {
                if (candidates.screened(t) <= limit) { // candidates kept before a closer point was seen may be out
                    ref.row(candidates.index(t), b);
                    best = Math.min(best, exactSquared(a, b));
                }
            }
            bestD[i] = best;
        }
        return bestD;
    }

    /** Candidate neighbours of every query, as linked lists in growable arrays (few per query). */
    private static final class Candidates {
        private final int[] head;
        private int[] next = new int[1024];
        private int[] index = new int[1024];
        private double[] screened = new double[1024];
        private int size;

        Candidates(int queries) {
            head = new int[queries];
            Arrays.fill(head, -1);
        }

        void add(int query, int j, double d2) {
            if (size == index.length) {
                next = Arrays.copyOf(next, 2 * size);
                index = Arrays.copyOf(index, 2 * size);
                screened = Arrays.copyOf(screened, 2 * size);
            }
            index[size] = j;
            screened[size] = d2;
            next[size] = head[query];
            head[query] = size++;
        }

        int start(int query) {
            return head[query];
        }

        int next(int t) {
            return next[t];
        }

        int index(int t) {
            return index[t];
        }

        double screened(int t) {
            return screened[t];
        }
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

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The {@code kMax} nearest candidates of every point, by expanded distance, ascending. */
    static final class Neighbours {
        private final Points x;
        private final int kMax;
        private final double[] d;
        private final int[] index;
        /** The current {@code kMax}-th candidate's distance per point: most offers are refused by one comparison. */
        final double[] worst;

        Neighbours(Points x, int kMax) {
            this.x = x;
            this.kMax = kMax;
            this.d = new double[x.rows * kMax];
            this.index = new int[x.rows * kMax];
            this.worst = new double[x.rows];
            Arrays.fill(d, Double.POSITIVE_INFINITY);
            Arrays.fill(index, -1);
            Arrays.fill(worst, Double.POSITIVE_INFINITY);
        }

        /** Inserts candidate {@code j} at {@code dist} for point {@code i} (the caller checked dist < worst[i]). */
        void offer(int i, double dist, int j) {
            int base = i * kMax;
            int p = kMax - 1;
            while (p > 0 && d[base + p - 1] > dist) {
                d[base + p] = d[base + p - 1];
                index[base + p] = index[base + p - 1];
                p--;
            }
            d[base + p] = dist;
            index[base + p] = j;
            worst[i] = d[base + kMax - 1];
        }

        /**
         * The squared distance of every point to its k-th nearest other point: the largest direct distance among
         * its k nearest candidates.
         */
        double[] radiiSquared(int k) {
            if (k < 1 || k > kMax) {
                throw new IllegalStateException("k " + k + " outside 1.." + kMax);
            }
            double[] radii = new double[x.rows];
            double[] a = new double[x.dimension];
            double[] b = new double[x.dimension];
            for (int i = 0; i < x.rows; i++) {
                x.row(i, a);
                double radius = 0;
                for (int t = 0; t < k; t++) {
                    x.row(index[i * kMax + t], b);
                    radius = Math.max(radius, exactSquared(a, b));
                }
                radii[i] = radius;
            }
            return radii;
        }
    }

    /**
     * Ball-membership tests between queries (rows) and centres (columns) in one pass over their distances:
     * <ul>
     *   <li>{@code precisionRadii} (per centre): {@link #precisionCounts} per query, how many of these balls hold
     *   it;</li>
     *   <li>{@code densityRadii} (per centre): {@link #densityCounts} per query likewise, and {@link #covered} per
     *   centre, whether its ball holds some query;</li>
     *   <li>{@code queryRadii} (per query): {@link #insideQueryBall} per centre, whether some query's ball holds
     *   it.</li>
     * </ul>
     * Each radius array may be null to skip its tests. A point at exactly the radius is inside.
     */
    static final class BallTests {
        private final Points q;
        private final Points c;
        private final double[] precisionRadii;
        private final double[] densityRadii;
        private final double[] queryRadii;
        /** Per centre: below {@code lo} inside for sure, above {@code hi} outside, between decided exactly. */
        private final double[] precisionLo;
        private final double[] precisionHi;
        private final double[] densityLo;
        private final double[] densityHi;
        private final double[] queryLo;
        private final double[] queryHi;
        final int[] precisionCounts;
        final int[] densityCounts;
        final boolean[] covered;
        final boolean[] insideQueryBall;
        private final double[] a;
        private final double[] b;

        BallTests(Points q, Points c, double[] precisionRadii, double[] densityRadii, double[] queryRadii) {
            this.q = q;
            this.c = c;
            this.precisionRadii = precisionRadii;
            this.densityRadii = densityRadii;
            this.queryRadii = queryRadii;
            double maxQ = max(q.normsSquared);
            double maxC = max(c.normsSquared);
            precisionLo = precisionRadii == null ? null : new double[c.rows];
            precisionHi = precisionRadii == null ? null : new double[c.rows];
            densityLo = densityRadii == null ? null : new double[c.rows];
            densityHi = densityRadii == null ? null : new double[c.rows];
            for (int j = 0; j < c.rows; j++) {
                double band = EXACT_BAND * (maxQ + c.normsSquared[j]) + Double.MIN_NORMAL;
                if (precisionRadii != null) {
                    precisionLo[j] = precisionRadii[j] - band;
                    precisionHi[j] = precisionRadii[j] + band;
                }
                if (densityRadii != null) {
                    densityLo[j] = densityRadii[j] - band;
                    densityHi[j] = densityRadii[j] + band;
                }
            }
            queryLo = queryRadii == null ? null : new double[q.rows];
            queryHi = queryRadii == null ? null : new double[q.rows];
            if (queryRadii != null) {
                for (int i = 0; i < q.rows; i++) {
                    double band = EXACT_BAND * (q.normsSquared[i] + maxC) + Double.MIN_NORMAL;
                    queryLo[i] = queryRadii[i] - band;
                    queryHi[i] = queryRadii[i] + band;
                }
            }
            precisionCounts = new int[q.rows];
            densityCounts = new int[q.rows];
            covered = new boolean[c.rows];
            insideQueryBall = new boolean[c.rows];
            a = new double[q.dimension];
            b = new double[q.dimension];
        }

        void run(long blockElements) {
            forEachTile(q, c, false, blockElements, (firstRow, rows, firstCol, cols, d2) -> {
                for (int r = 0; r < rows; r++) {
                    int i = firstRow + r;
                    int offset = r * cols;
                    int precision = 0;
                    int density = 0;
                    for (int t = 0; t < cols; t++) {
                        double dist = d2[offset + t];
                        int j = firstCol + t;
                        if (precisionLo != null && dist <= precisionHi[j]
                                && (dist <= precisionLo[j] || exact(i, j) <= precisionRadii[j])) {
                            precision++;
                        }
                        if (densityLo != null && dist <= densityHi[j]
                                && (dist <= densityLo[j] || exact(i, j) <= densityRadii[j])) {
                            density++;
                            covered[j] = true;
                        }
                        if (queryLo != null && dist <= queryHi[i]
                                && (dist <= queryLo[i] || exact(i, j) <= queryRadii[i])) {
                            insideQueryBall[j] = true;
                        }
                    }
                    precisionCounts[i] += precision;
                    densityCounts[i] += density;
                }
            });
        }

        private double exact(int i, int j) {
            q.row(i, a);
            c.row(j, b);
            return exactSquared(a, b);
        }
    }

    /** Receives one tile of squared distances. */
    interface TileConsumer {
        /**
         * @param firstRow the index of the tile's first query row
         * @param rows     how many query rows the tile holds
         * @param firstCol the index of the tile's first reference row
         * @param cols     how many reference rows the tile holds
         * @param d2       row-major {@code [rows, cols]} squared distances (more entries may follow: ignore them)
         */
        void accept(int firstRow, int rows, int firstCol, int cols, double[] d2);
    }

    /**
     * Squared distances between all query rows and all reference rows, tile by tile (rows in the outer loop,
     * columns ascending in the inner one): one GEMM {@code -2 Q_tile R_tile^T} per tile into an array allocated once
     * per tile shape, then the norms added in Java. With {@code symmetric} (queries and reference the same set),
     * only the tiles whose first column is at or after their first row.
     */
    static void forEachTile(Points q, Points ref, boolean symmetric, long blockElements, TileConsumer consumer) {
        int tile = (int) Math.max(1, Math.min(MAX_TILE, (long) Math.sqrt((double) blockElements)));
        int tileRows = Math.min(tile, q.rows);
        int tileCols = Math.min(tile, ref.rows);
        Map<Long, INDArray> outputs = new HashMap<>();
        double[] heap = new double[tileRows * tileCols];
        double[] qn = q.normsSquared;
        double[] rn = ref.normsSquared;
        for (int firstRow = 0; firstRow < q.rows; firstRow += tileRows) {
            int rows = Math.min(tileRows, q.rows - firstRow);
            INDArray queryTile = q.data.get(NDArrayIndex.interval(firstRow, firstRow + rows), NDArrayIndex.all());
            for (int firstCol = symmetric ? firstRow : 0; firstCol < ref.rows; firstCol += tileCols) {
                int cols = Math.min(tileCols, ref.rows - firstCol);
                INDArray refTile = ref.data.get(NDArrayIndex.interval(firstCol, firstCol + cols),
                        NDArrayIndex.all());
                INDArray out = outputs.computeIfAbsent((long) rows << 32 | cols,
                        key -> Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'c'));
                Nd4j.gemm(queryTile, refTile, out, false, true, -2.0, 0.0);
                Matrices.host(out).get(0, heap, 0, rows * cols);
                for (int r = 0; r < rows; r++) {
                    double norm = qn[firstRow + r];
                    int offset = r * cols;
                    for (int c = 0; c < cols; c++) {
                        double d = heap[offset + c] + norm + rn[firstCol + c];
                        heap[offset + c] = d > 0 ? d : 0;
                    }
                }
                consumer.accept(firstRow, rows, firstCol, cols, heap);
            }
        }
        outputs.values().forEach(Matrices::release); // now, not at the next GC (see Matrices.release)
    }

    /**
     * {@link #forEachTile} (not symmetric) with the products in FLOAT: the points' float copies
     * ({@link Points#floats}), the expanded distances formed in double from the float product and the double norms.
     */
    static void forEachFloatTile(Points q, Points ref, long blockElements, TileConsumer consumer) {
        int tile = (int) Math.max(1, Math.min(MAX_TILE, (long) Math.sqrt((double) blockElements)));
        int tileRows = Math.min(tile, q.rows);
        int tileCols = Math.min(tile, ref.rows);
        Map<Long, INDArray> outputs = new HashMap<>();
        float[] product = new float[tileRows * tileCols];
        double[] heap = new double[tileRows * tileCols];
        double[] qn = q.normsSquared;
        double[] rn = ref.normsSquared;
        INDArray qf = q.floats();
        INDArray rf = ref.floats();
        for (int firstRow = 0; firstRow < q.rows; firstRow += tileRows) {
            int rows = Math.min(tileRows, q.rows - firstRow);
            INDArray queryTile = qf.get(NDArrayIndex.interval(firstRow, firstRow + rows), NDArrayIndex.all());
            for (int firstCol = 0; firstCol < ref.rows; firstCol += tileCols) {
                int cols = Math.min(tileCols, ref.rows - firstCol);
                INDArray refTile = rf.get(NDArrayIndex.interval(firstCol, firstCol + cols), NDArrayIndex.all());
                INDArray out = outputs.computeIfAbsent((long) rows << 32 | cols,
                        key -> Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c'));
                Nd4j.gemm(queryTile, refTile, out, false, true, -2.0, 0.0);
                out.data().asNioFloat().get(0, product, 0, rows * cols);
                for (int r = 0; r < rows; r++) {
                    double norm = qn[firstRow + r];
                    int offset = r * cols;
                    for (int c = 0; c < cols; c++) {
                        heap[offset + c] = product[offset + c] + norm + rn[firstCol + c];
                    }
                }
                consumer.accept(firstRow, rows, firstCol, cols, heap);
            }
        }
        outputs.values().forEach(Matrices::release);
    }
}
