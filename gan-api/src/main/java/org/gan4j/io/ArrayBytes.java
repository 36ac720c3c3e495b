package org.gan4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Flat arrays as little-endian IEEE bytes: the portable form gan4j's files store them in. */
public final class ArrayBytes {

    private ArrayBytes() {
    }

    /**
     * Bytes per value of a stored array.
     *
     * @param type the array's data type: FLOAT, DOUBLE, or LONG (exact state such as a random stream's)
     * @return 4 for FLOAT, 8 for DOUBLE and LONG
     * @throws IllegalArgumentException for any other type
     */
    public static int width(DataType type) {
        if (type == DataType.FLOAT) {
            return 4;
        }
        if (type == DataType.DOUBLE || type == DataType.LONG) {
            return 8;
        }
        throw new IllegalArgumentException("only FLOAT, DOUBLE and LONG arrays are stored, got " + type);
    }

    /**
     * The array's values in c-order.
     *
     * @param array a FLOAT, DOUBLE or LONG array of any shape
     * @return a new array of {@code array.length() * width(type)} little-endian bytes
     */
    public static byte[] toBytes(INDArray array) {
        return toBytes(array, null);
    }

    /**
     * The array's values in c-order, written into {@code reuse} when it has the right length (long runs write the
     * same arrays over and over: reusing the buffer keeps the heap from filling with megabytes of dead copies).
     *
     * @param array a FLOAT, DOUBLE or LONG array of any shape
     * @param reuse a buffer to write into, or {@code null}; used only if its length is exactly the bytes needed
     * @return {@code reuse} or a new array, holding the values as little-endian bytes
     */
    public static byte[] toBytes(INDArray array, byte[] reuse) {
        int length = Math.toIntExact(array.length() * width(array.dataType()));
        byte[] target = reuse != null && reuse.length == length ? reuse : new byte[length];
        INDArray flat = array.reshape(array.length());
        ByteBuffer b = ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN);
        if (array.dataType() == DataType.DOUBLE) {
            b.asDoubleBuffer().put(flat.toDoubleVector());
        } else if (array.dataType() == DataType.LONG) {
            b.asLongBuffer().put(flat.toLongVector());
        } else {
            b.asFloatBuffer().put(flat.toFloatVector());
        }
        return target;
    }

    /**
     * The values as {@link #toBytes(INDArray)} writes them, into {@code reuse} when it has the right length.
     *
     * @param values floats from the buffer's position to its limit; the buffer's position is not changed
     * @param reuse  a buffer to write into, or {@code null}; used only if its length is {@code 4 * values.remaining()}
     * @return {@code reuse} or a new array, holding the values as little-endian bytes
     */
    public static byte[] toBytes(FloatBuffer values, byte[] reuse) {
        int length = Math.multiplyExact(values.remaining(), 4);
        byte[] target = reuse != null && reuse.length == length ? reuse : new byte[length];
        ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values.duplicate());
        return target;
    }

    /**
     * The values as {@link #toBytes(INDArray)} writes them, into {@code reuse} when it has the right length.
     *
     * @param values doubles from the buffer's position to its limit; the buffer's position is not changed
     * @param reuse  a buffer to write into, or {@code null}; used only if its length is {@code 8 * values.remaining()}
     * @return {@code reuse} or a new array, holding the values as little-endian bytes
     */
    public static byte[] toBytes(DoubleBuffer values, byte[] reuse) {
        int length = Math.multiplyExact(values.remaining(), 8);
        byte[] target = reuse != null && reuse.length == length ? reuse : new byte[length];
        ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values.duplicate());
        return target;
    }

    /**
     * Whether stored values are all finite, without building an array.
     *
     * @param bytes values as {@link #toBytes} wrote them
     * @param type  the type they were written from, FLOAT or DOUBLE
     * @return false if any value is NaN or infinite
     */
    public static boolean allFinite(byte[] bytes, DataType type) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.DOUBLE) {
            DoubleBuffer d = b.asDoubleBuffer();
            for (int i = 0, n = d.limit(); i < n; i++) {
                if (!Double.isFinite(d.get(i))) {
                    return false;
                }
            }
            return true;
        }
        FloatBuffer f = b.asFloatBuffer();
        for (int i = 0, n = f.limit(); i < n; i++) {
            if (!Float.isFinite(f.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether stored values are all at least a bound (a variance is never negative), without building an array.
     *
     * @param bytes values as {@link #toBytes} wrote them
     * @param type  the type they were written from, FLOAT or DOUBLE
     * @param min   the bound
     * @return false if any value is below {@code min} or NaN
     */
    public static boolean allAtLeast(byte[] bytes, DataType type, double min) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.DOUBLE) {
            DoubleBuffer d = b.asDoubleBuffer();
            for (int i = 0, n = d.limit(); i < n; i++) {
                if (!(d.get(i) >= min)) {
                    return false;
                }
            }
            return true;
        }
        FloatBuffer f = b.asFloatBuffer();
        for (int i = 0, n = f.limit(); i < n; i++) {
            if (!(f.get(i) >= min)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads back what {@link #toBytes} wrote.
     *
     * @param bytes values as {@link #toBytes} wrote them
     * @param type  the type they were written from, FLOAT or DOUBLE
     * @return a new flat (rank 1) array of {@code type}; reshape it to the stored shape
     * @throws IllegalArgumentException for a type other than FLOAT or DOUBLE
     */
    public static INDArray fromBytes(byte[] bytes, DataType type) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.DOUBLE) {
            double[] v = new double[bytes.length / 8];
            b.asDoubleBuffer().get(v);
            return Nd4j.createFromArray(v);
        }
        if (type == DataType.LONG) {
            long[] v = new long[bytes.length / 8];
            b.asLongBuffer().get(v);
            return Nd4j.createFromArray(v);
        }
        float[] v = new float[bytes.length / width(type)];
        b.asFloatBuffer().get(v);
        return Nd4j.createFromArray(v);
    }

    /**
     * Ints as little-endian bytes (data order in checkpoints).
     *
     * @param values the ints
     * @return a new array of {@code 4 * values.length} bytes
     */
    public static byte[] toBytes(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b.array();
    }

    /**
     * Reads back what {@link #toBytes(int[])} wrote.
     *
     * @param bytes little-endian ints; a trailing partial int is ignored
     * @return the ints
     */
    public static int[] intsFromBytes(byte[] bytes) {
        int[] v = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }
}
