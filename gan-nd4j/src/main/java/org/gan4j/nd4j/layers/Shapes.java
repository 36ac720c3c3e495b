package org.gan4j.nd4j.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks of arrays entering a layer; messages name the layer and both shapes. */
final class Shapes {

    private Shapes() {
    }

    /**
     * Checks a forward pass's input.
     *
     * @param layer    the layer's name, for the message
     * @param x        the input
     * @param columns  the values per row the layer takes
     * @param dataType the layer's type
     * @throws IllegalArgumentException if {@code x} is not {@code [batch, columns]}, not of {@code dataType}, or not
     *                                  contiguous in c-order (the message names the layer and both shapes)
     */
    static void checkInput(String layer, INDArray x, int columns, DataType dataType) {
        if (x.rank() != 2 || x.columns() != columns) {
            throw new IllegalArgumentException(layer + ": expected input [batch, " + columns + "], got "
                    + Arrays.toString(x.shape()));
        }
        if (x.dataType() != dataType) {
            throw new IllegalArgumentException(layer + ": expected input of type " + dataType + ", got "
                    + x.dataType());
        }
        if (x.ordering() != 'c' || x.elementWiseStride() != 1) {
            throw new IllegalArgumentException(layer + ": expected a contiguous c-order input, got ordering "
                    + x.ordering() + " with strides " + Arrays.toString(x.stride()));
        }
    }

    /**
     * Checks a backward pass's output gradient.
     *
     * @param layer      the layer's name, for the message
     * @param dy         the gradient with respect to the layer's output
     * @param lastOutput the last forward pass's output, or null if there was none
     * @throws IllegalStateException    if there was no forward pass
     * @throws IllegalArgumentException if {@code dy} does not have the last output's shape
     */
    static void checkGradient(String layer, INDArray dy, INDArray lastOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException(layer + ": backward called before forward(x, true)");
        }
        if (!Arrays.equals(dy.shape(), lastOutput.shape())) {
            throw new IllegalArgumentException(layer + ": expected output gradient " + Arrays.toString(
                    lastOutput.shape()) + " (the shape of the last output), got " + Arrays.toString(dy.shape()));
        }
    }

    /**
     * Checks a tangent pass's input ({@link TwiceDifferentiable#tangentForward}).
     *
     * @param layer      the layer's name, for the message
     * @param tangent    the tangent of the input
     * @param columns    the values per row the layer takes
     * @param dataType   the layer's type
     * @param lastOutput the last forward pass's output, or null if there was none
     * @throws IllegalStateException    if there was no forward pass
     * @throws IllegalArgumentException if {@code tangent} is not {@code [batch, columns]} of the last forward pass's
     *                                  batch size, its type and c-order
     */
    static void checkTangent(String layer, INDArray tangent, int columns, DataType dataType, INDArray lastOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException(layer + ": tangent pass called before forward(x, true)");
        }
        checkInput(layer, tangent, columns, dataType);
        if (tangent.rows() != lastOutput.rows()) {
            throw new IllegalArgumentException(layer + ": expected a tangent of the last forward pass's " + lastOutput
                    .rows() + " rows, got " + tangent.rows());
        }
    }
}
