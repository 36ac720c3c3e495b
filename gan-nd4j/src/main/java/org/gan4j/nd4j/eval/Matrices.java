package org.gan4j.nd4j.eval;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks shared by the metrics and the host-memory view they read arrays through. Every check throws an
 * {@link IllegalArgumentException} that names the argument and says what was expected, so the command line can print
 * it as one line.
 */
final class Matrices {

    private Matrices() {
    }

    /**
     * Checks that {@code a} is a finite DOUBLE matrix with at least {@code minRows} rows and one column, and returns
     * it in row-major contiguous layout (the argument itself when it already is, else a copy).
     */
    static INDArray requireMatrix(String name, INDArray a, int minRows) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " must be a DOUBLE array (metrics are computed in double "
                    + "precision), got " + a.dataType());
        }
        if (a.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a matrix [rows, columns], got rank " + a.rank()
                    + " shape " + Arrays.toString(a.shape()));
        }
        if (a.columns() < 1) {
            throw new IllegalArgumentException(name + " must have at least one column, got shape "
                    + Arrays.toString(a.shape()));
        }
        if (a.rows() < minRows) {
            throw new IllegalArgumentException(name + " must have at least " + (minRows == 1 ? "one row"
                    : minRows + " rows") + ", got " + a.rows());
        }
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " has " + a.length() + " entries, more than the "
                    + Integer.MAX_VALUE + " supported");
        }
        INDArray c = isRowMajorContiguous(a) ? a : a.dup('c');
        requireFinite(name, c);
        return c;
    }

    /** Checks that two matrices have the same number of columns (feature size). */
    static void requireSameColumns(String nameA, INDArray a, String nameB, INDArray b) {
        if (a.columns() != b.columns()) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must have the same number of columns "
                    + "(feature size), got " + a.columns() + " and " + b.columns());
        }
    }

    /** Throws naming the first NaN or infinite entry as [row, column]. */
    private static void requireFinite(String name, INDArray a) {
        DoubleBuffer v = host(a);
        int columns = (int) a.columns();
        int n = v.limit();
        for (int i = 0; i < n; i++) {
            double x = v.get(i);
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(name + " must hold finite values, got " + x + " at [row "
                        + i / columns + ", column " + i % columns + "]");
            }
        }
    }

    /**
     * The values of a row-major contiguous DOUBLE array as a buffer over its host memory, indexed from 0 (no copy).
     * For reading only: ND4J copies a GPU buffer to the host before handing out the view, but a write through it
     * would not reach the device, so new data goes into new arrays ({@code Nd4j.create(double[], ...)}).
     */
    static DoubleBuffer host(INDArray a) {
        if (!isRowMajorContiguous(a)) {
            throw new IllegalStateException("expected a row-major contiguous array, got shape "
                    + Arrays.toString(a.shape()) + " strides " + Arrays.toString(a.stride()));
        }
        return a.data().asNioDouble().position(Math.toIntExact(a.offset())).slice()
                .limit(Math.toIntExact(a.length()));
    }

    /** The squared Euclidean norm of every row, summed in double. */
    static double[] rowNormsSquared(INDArray a) {
        DoubleBuffer v = host(a);
        int rows = (int) a.rows();
        int columns = (int) a.columns();
        double[] norms = new double[rows];
        double[] row = new double[columns];
        for (int i = 0; i < rows; i++) {
            v.get(i * columns, row, 0, columns);
            double s = 0;
            for (double x : row) {
                s += x * x;
            }
            norms[i] = s;
        }
        return norms;
    }

    /**
     * Frees an array's off-heap memory now. ND4J frees it otherwise only when the garbage collector collects the
     * array object, which with a small, quiet heap can be many evaluations later: periodic evaluation grew the
     * process to 2 GB that way. Views and arrays that cannot be closed are left to the collector.
     *
     * @param a an array no longer used, or null
     */
    static void release(INDArray a) {
        if (a != null && a.closeable() && !a.wasClosed()) {
            a.close();
        }
    }

    /** Whether the elements lie one after another in c-order (ND4J may call such a view 'f': it still is). */
    static boolean isRowMajorContiguous(INDArray a) {
        return org.gan4j.nd4j.kernels.CpuKernels.isRowMajorContiguous(a);
    }

    /** The median of {@code values} (sorted in place): the middle value, or the mean of the two middle values. */
    static double medianInPlace(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
