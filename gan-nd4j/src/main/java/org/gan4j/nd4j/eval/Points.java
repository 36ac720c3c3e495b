package org.gan4j.nd4j.eval;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checked set of points: a finite, row-major contiguous DOUBLE matrix {@code [rows, dimension]} with its host view
 * and the squared norm of every row, computed once so that every distance block can reuse them.
 */
final class Points {

    final String name;
    final INDArray data;
    final DoubleBuffer host;
    final double[] normsSquared;
    final int rows;
    final int dimension;
    private INDArray floats;

    private Points(String name, INDArray data) {
        this.name = name;
        this.data = data;
        this.host = Matrices.host(data);
        this.normsSquared = Matrices.rowNormsSquared(data);
        this.rows = (int) data.rows();
        this.dimension = (int) data.columns();
    }

    /** Checks {@code a} (see {@link Matrices#requireMatrix}) and wraps it. */
    static Points of(String name, INDArray a, int minRows) {
        return new Points(name, Matrices.requireMatrix(name, a, minRows));
    }

    /** {@return the points rounded to FLOAT, made on first use and kept (a screening copy, see NearestNeighbours)} */
    synchronized INDArray floats() {
        if (floats == null) {
            floats = data.castTo(DataType.FLOAT).dup('c');
        }
        return floats;
    }

    /** Copies row {@code i} into {@code into} (length {@link #dimension}). */
    void row(int i, double[] into) {
        host.get(i * dimension, into, 0, dimension);
    }
}
