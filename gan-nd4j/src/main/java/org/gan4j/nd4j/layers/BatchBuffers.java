package org.gan4j.nd4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Buffers of one size per batch size: a layer's outputs and gradients, a penalty's interpolates and directions. A
 * training run sees few sizes (the batch, twice the batch for the discriminator's real+fake pass, and the short
 * last batch of an epoch), so a handful are kept and reused rather than allocated per step. New buffers hold zeros
 * (or the fill value of {@link #filled}); after that, whatever their last user left.
 */
public final class BatchBuffers {

    private static final int KEEP = 6;

    private final DataType dataType;
    private final LongFunction<long[]> shapeForRows;
    private final Map<Long, INDArray> byRows = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, INDArray> eldest) {
            return size() > KEEP;
        }
    };

    private long lastRows = -1;
    private INDArray last;

    private final double fill;

    /**
     * {@code [rows, columns]} buffers, zeros when new.
     *
     * @param dataType their type
     * @param columns  their columns
     */
    public BatchBuffers(DataType dataType, int columns) {
        this(dataType, rows -> new long[] {rows, columns}, 0);
    }

    /**
     * {@code [rows, columns]} buffers holding {@code value} when new (a column of ones, say, read and never written).
     *
     * @param dataType their type
     * @param columns  their columns
     * @param value    what a new buffer holds
     * @return the buffers
     */
    public static BatchBuffers filled(DataType dataType, int columns, double value) {
        return new BatchBuffers(dataType, rows -> new long[] {rows, columns}, value);
    }

    /** Buffers whose shape for a batch of {@code rows} is {@code shapeForRows.apply(rows)} (c-order). */
    BatchBuffers(DataType dataType, LongFunction<long[]> shapeForRows) {
        this(dataType, shapeForRows, 0);
    }

    private BatchBuffers(DataType dataType, LongFunction<long[]> shapeForRows, double fill) {
        this.dataType = dataType;
        this.shapeForRows = shapeForRows;
        this.fill = fill;
    }

    /**
     * The buffer for a batch of {@code rows}.
     *
     * @param rows the batch's rows
     * @return {@code [rows, ...]}: new (zeros, or the fill value), or whatever its last user left
     */
    public INDArray get(long rows) {
        if (rows == lastRows) {
            return last; // most calls ask for the size of the call before: no boxing, no map look-up
        }
        INDArray buffer = byRows.get(rows);
        if (buffer == null) {
            buffer = fill == 0 ? Nd4j.create(dataType, shapeForRows.apply(rows), 'c')
                    : Nd4j.valueArrayOf(shapeForRows.apply(rows), fill, dataType);
            byRows.put(rows, buffer);
        }
        lastRows = rows;
        last = buffer;
        return buffer;
    }
}
