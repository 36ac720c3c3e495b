package org.gan4j.nd4j.eval;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Gaussian fitted to a set of feature vectors, as the Fréchet distance (FID, Heusel et al. 2017) uses it: the
 * mean vector, the unbiased covariance matrix (divided by {@code n - 1}, as {@code numpy.cov} in pytorch-fid), the
 * number of vectors {@code n} and their dimension {@code d}. Immutable.
 *
 * <p>Computed in double precision: the mean by plain column sums, then the covariance as {@code Xc^T Xc / (n - 1)}
 * of the centred features by matrix products over blocks of rows (so centring never copies all the features at
 * once), made exactly symmetric afterwards.
 */
public final class FeatureStatistics {

    /** The largest dimension accepted ({@value}: a covariance of 128 MB). */
    public static final int MAX_DIMENSION = 4096;

    /** Relative asymmetry of a given covariance that is accepted (and then averaged away). */
    private static final double SYMMETRY_TOLERANCE = 1e-9;

    /** Rows centred per matrix product in {@link #of}: about 8 MB of features. */
    static final long BLOCK_ELEMENTS = 1L << 20;

    private final int count;
    private final int dimension;
    private final double[] mean;
    /** Row-major {@code [d, d]}. */
    private final double[] covariance;

    private FeatureStatistics(int count, double[] mean, double[] covariance) {
        this.count = count;
        this.dimension = mean.length;
        this.mean = mean;
        this.covariance = covariance;
    }

    /**
     * Fits the Gaussian to {@code features}.
     *
     * @param features DOUBLE {@code [n, d]}, one feature vector per row, finite, {@code n >= 2} (the unbiased
     *                 covariance divides by {@code n - 1}), {@code d <= } {@value #MAX_DIMENSION}
     * @return the mean, covariance, n and d
     * @throws IllegalArgumentException if {@code features} is not as described
     */
    public static FeatureStatistics of(INDArray features) {
        return of(features, BLOCK_ELEMENTS);
    }

    static FeatureStatistics of(INDArray features, long blockElements) {
        INDArray x = Matrices.requireMatrix("features", features, 2);
        int n = (int) x.rows();
        int d = (int) x.columns();
        requireDimension("features", d);
        DoubleBuffer host = Matrices.host(x);
        double[] row = new double[d];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            host.get(i * d, row, 0, d);
            for (int t = 0; t < d; t++) {
                mean[t] += row[t];
            }
        }
        for (int t = 0; t < d; t++) {
            mean[t] /= n;
        }

        int blockRows = (int) Math.max(1, Math.min(n, blockElements / d));
        INDArray product = Nd4j.create(DataType.DOUBLE, new long[] {d, d}, 'c');
        double[] block = new double[blockRows * d];
        for (int first = 0; first < n; first += blockRows) {
            int rows = Math.min(blockRows, n - first);
            if (rows != blockRows) {
                block = new double[rows * d]; // the tail, once
            }
            host.get(first * d, block, 0, rows * d);
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < d; t++) {
                    block[r * d + t] -= mean[t];
                }
            }
            // a new array from the heap copy rather than a write through a host view: on a GPU backend ND4J then
            // knows the data changed
            INDArray centred = Nd4j.create(block, new long[] {rows, d}, DataType.DOUBLE);
            Nd4j.gemm(centred, centred, product, true, false, 1.0, first == 0 ? 0.0 : 1.0);
        }
        double[] covariance = new double[d * d];
        Matrices.host(product).get(0, covariance, 0, d * d);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = 0.5 * (covariance[i * d + j] + covariance[j * d + i]) / (n - 1);
                covariance[i * d + j] = v;
                covariance[j * d + i] = v;
            }
        }
        return new FeatureStatistics(n, mean, covariance);
    }

    /**
     * Statistics from a known mean and covariance (for example a closed-form Gaussian, or statistics computed
     * elsewhere). The covariance must be symmetric up to a relative {@code 1e-9} of its largest entry (the two
     * triangles are then averaged) and have a non-negative diagonal; it is not checked to be positive semi-definite
     * ({@link FrechetDistance} treats negative eigenvalues as 0).
     *
     * @param mean       {@code [d]}, finite, {@code 1 <= d <= } {@value #MAX_DIMENSION}
     * @param covariance {@code [d][d]}, finite
     * @param count      the number of vectors the moments describe, at least 2
     * @return the statistics (copies of the arrays)
     * @throws IllegalArgumentException if an argument is not as described
     */
    public static FeatureStatistics fromMoments(double[] mean, double[][] covariance, int count) {
        if (mean == null) {
            throw new IllegalArgumentException("mean must not be null");
        }
        if (covariance == null) {
            throw new IllegalArgumentException("covariance must not be null");
        }
        int d = mean.length;
        if (d < 1) {
            throw new IllegalArgumentException("mean must have at least one entry");
        }
        requireDimension("mean", d);
        if (covariance.length != d) {
            throw new IllegalArgumentException("covariance must be [" + d + "][" + d + "] like the mean, got "
                    + covariance.length + " rows");
        }
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            if (covariance[i] == null || covariance[i].length != d) {
                throw new IllegalArgumentException("covariance must be [" + d + "][" + d + "] like the mean, row "
                        + i + " has " + (covariance[i] == null ? "no" : covariance[i].length) + " entries");
            }
            System.arraycopy(covariance[i], 0, flat, i * d, d);
        }
        return checked(count, mean.clone(), flat);
    }

    /** Checks count, finiteness, symmetry and the diagonal, and symmetrises {@code covariance} in place. */
    private static FeatureStatistics checked(long count, double[] mean, double[] covariance) {
        int d = mean.length;
        if (count < 2 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count must be between 2 and " + Integer.MAX_VALUE + ", got "
                    + count);
        }
        for (int t = 0; t < d; t++) {
            if (!Double.isFinite(mean[t])) {
                throw new IllegalArgumentException("mean must hold finite values, got " + mean[t] + " at index " + t);
            }
        }
        double largest = 0;
        for (int i = 0; i < d * d; i++) {
            if (!Double.isFinite(covariance[i])) {
                throw new IllegalArgumentException("covariance must hold finite values, got " + covariance[i]
                        + " at [" + i / d + ", " + i % d + "]");
            }
            largest = Math.max(largest, Math.abs(covariance[i]));
        }
        for (int i = 0; i < d; i++) {
            if (covariance[i * d + i] < 0) {
                throw new IllegalArgumentException("covariance must have a non-negative diagonal, got "
                        + covariance[i * d + i] + " at [" + i + ", " + i + "]");
            }
            for (int j = i + 1; j < d; j++) {
                double a = covariance[i * d + j];
                double b = covariance[j * d + i];
                if (Math.abs(a - b) > SYMMETRY_TOLERANCE * largest) {
                    throw new IllegalArgumentException("covariance must be symmetric, got " + a + " at [" + i + ", "
                            + j + "] and " + b + " at [" + j + ", " + i + "]");
                }
                double v = 0.5 * (a + b);
                covariance[i * d + j] = v;
                covariance[j * d + i] = v;
            }
        }
        return new FeatureStatistics((int) count, mean, covariance);
    }

    private static void requireDimension(String name, int d) {
        if (d > MAX_DIMENSION) {
            throw new IllegalArgumentException(name + " must have at most " + MAX_DIMENSION + " features, got " + d);
        }
    }

    /**
     * The number of feature vectors the statistics were fitted to.
     *
     * @return n, at least 2
     */
    public int count() {
        return count;
    }

    /**
     * The feature dimension.
     *
     * @return d
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The mean feature vector.
     *
     * @return a copy, {@code [d]}
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The unbiased covariance matrix, exactly symmetric.
     *
     * @return a copy, {@code [d][d]}
     */
    public double[][] covariance() {
        double[][] c = new double[dimension][];
        for (int i = 0; i < dimension; i++) {
            c[i] = Arrays.copyOfRange(covariance, i * dimension, (i + 1) * dimension);
        }
        return c;
    }

    /** The mean without a copy, for {@link FrechetDistance}. */
    double[] meanView() {
        return mean;
    }

    /** The covariance as a new DOUBLE {@code [d, d]} array. */
    INDArray covarianceArray() {
        return Nd4j.create(covariance.clone(), new long[] {dimension, dimension}, DataType.DOUBLE);
    }

    /**
     * Equal when count, dimension and every value are bit for bit the same.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStatistics other && count == other.count && Arrays.equals(mean, other.mean)
                && Arrays.equals(covariance, other.covariance);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * count + Arrays.hashCode(mean)) + Arrays.hashCode(covariance);
    }

    @Override
    public String toString() {
        return "FeatureStatistics[count=" + count + ", dimension=" + dimension + "]";
    }
}
