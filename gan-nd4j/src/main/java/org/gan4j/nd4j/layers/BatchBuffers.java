package org.gan4j.nd4j.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Output buffers of one layer, one per batch size. A training run sees few sizes (the batch, twice the batch for
 * the discriminator's real+fake pass, and the short last batch of an epoch), so a handful are kept and reused
 * rather than allocated per step.
 */
final class BatchBuffers {

    private static final int KEEP = 6;

    private final DataType dataType;
    private final LongFunction<long[]> shapeForRows;
    private final Map<Long, INDArray> byRows = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, INDArray> eldest) {
            return size() > KEEP;
        }
    };

    BatchBuffers(DataType dataType, int columns) {
        this(dataType, rows -> new long[] {rows, columns});
    }

    /** Buffers whose shape for a batch of {@code rows} is {@code shapeForRows.apply(rows)} (c-order). */
    BatchBuffers(DataType dataType, LongFunction<long[]> shapeForRows) {
        this.dataType = dataType;
        this.shapeForRows = shapeForRows;
    }

    /** The buffer for a batch of {@code rows}; its contents are whatever the last user left. */
    INDArray get(long rows) {
        INDArray buffer = byRows.get(rows);
        if (buffer == null) {
            buffer = Nd4j.create(dataType, shapeForRows.apply(rows), 'c');
            byRows.put(rows, buffer);
        }
        return buffer;
    }
}
