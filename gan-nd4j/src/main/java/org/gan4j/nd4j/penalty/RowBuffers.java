package org.gan4j.nd4j.penalty;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code [rows, columns]} buffers, one per batch size, filled with a value when created: a penalty runs every critic
 * step, so it allocates once per batch size as the layers do. A few sizes are kept (the batch and a short last one).
 */
final class RowBuffers {

    private static final int KEEP = 4;

    private final DataType dataType;
    private final int columns;
    private final double fill;
    private final Map<Long, INDArray> byRows = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, INDArray> eldest) {
            return size() > KEEP;
        }
    };

    RowBuffers(DataType dataType, int columns, double fill) {
        this.dataType = dataType;
        this.columns = columns;
        this.fill = fill;
    }

    /** The buffer for {@code rows} rows: {@code fill} when new, else whatever its last user left. */
    INDArray get(long rows) {
        return byRows.computeIfAbsent(rows, r -> Nd4j.valueArrayOf(new long[] {r, columns}, fill, dataType));
    }
}
