package org.gan4j.nd4j.layers;

import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The two halves of an {@link AffineLayer}'s last output over {@code [a; b]}, as row views made once per output
 * buffer (a view made per step would cost an allocation and a kernel-buffer look-up each time).
 */
final class OutputHalves {

    private static final int KEEP = 8;
    private final Map<INDArray, INDArray[]> byBuffer = new IdentityHashMap<>();

    /**
     * @param layer   the layer's name, for the message
     * @param output  its last forward pass's output
     * @param rows    the rows of each half
     * @param weights the interpolation weights, one per row of a half
     * @return {@code [a's rows, b's rows]} of {@code output}
     * @throws IllegalStateException if {@code output} is not {@code 2 rows} rows or the weights are not one per row
     */
    INDArray[] of(String layer, INDArray output, long rows, double[] weights) {
        if (output == null || output.rows() != 2 * rows || weights.length != rows) {
            throw new IllegalStateException(layer + ": an interpolated forward pass of " + rows + " rows ("
                    + weights.length + " weights) needs a last forward pass over 2 x " + rows + " rows, got "
                    + (output == null ? "none" : output.rows() + " rows"));
        }
        INDArray[] h = byBuffer.get(output);
        if (h == null) {
            if (byBuffer.size() >= KEEP) {
                byBuffer.clear(); // buffers of batch sizes no longer used
            }
            h = new INDArray[] {output.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()),
                    output.get(NDArrayIndex.interval(rows, 2 * rows), NDArrayIndex.all())};
            byBuffer.put(output, h);
        }
        return h;
    }
}
