package org.gan4j.nd4j.layers;

/**
 * Which rows of the global batch a worker of a data-parallel run holds, for a layer that draws random numbers per
 * row (dropout): the layer draws what one process would draw for the whole batch and keeps this worker's rows. The
 * step sets {@link #rowsPerWorker} before each step (the last batch of an epoch may be smaller).
 *
 * <p>A pass over {@code k * rowsPerWorker} rows (the discriminator's joint pass over {@code [real; fake]} has
 * {@code k = 2}) stands for one process's pass over {@code k * workers * rowsPerWorker} rows: segment {@code s} of
 * the worker's rows is rows {@code [rank * b, (rank + 1) * b)} of the process's segment {@code s}.
 */
public final class RowSlice {

    private final int rank;
    private final int workers;
    private int rowsPerWorker;

    /**
     * @param rank    this worker's rank, in {@code [0, workers)}
     * @param workers the number of workers, at least 1
     */
    public RowSlice(int rank, int workers) {
        if (workers < 1 || rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("rank " + rank + " of " + workers + " workers");
        }
        this.rank = rank;
        this.workers = workers;
    }

    /** {@return this worker's rank} */
    public int rank() {
        return rank;
    }

    /** {@return the number of workers} */
    public int workers() {
        return workers;
    }

    /** {@return the rows each worker holds of the current global batch} */
    public int rowsPerWorker() {
        return rowsPerWorker;
    }

    /**
     * Sets the rows each worker holds of the batch about to be trained on.
     *
     * @param rows positive
     */
    public void rowsPerWorker(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows per worker must be positive, got " + rows);
        }
        this.rowsPerWorker = rows;
    }
}
