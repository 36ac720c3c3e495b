package org.gan4j.nd4j.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast path for ND4J's native CPU backend: matrix products by {@code cblas_?gemm} directly on the arrays'
 * memory and everything elementwise in plain Java loops over it. ND4J's own small ops cost 10-35 µs each in call
 * overhead, more than the arithmetic of a 32-row batch (see docs/performance.md). FLOAT and DOUBLE arrays are
 * supported; every array must be c-order and contiguous (views of whole rows are).
 *
 * <p>Thread-confined state only (a per-thread cache of memory views), so one instance can serve several threads.
 */
public final class CpuKernels implements Kernels {

    private static final int MAX_CACHED_BUFFERS = 512;

    /**
     * NIO views of arrays' memory, per thread; the arrays here are long-lived buffers, so look-ups nearly always
     * hit.
     */
    private final ThreadLocal<Map<INDArray, Buffer>> views = ThreadLocal.withInitial(IdentityHashMap::new);

    /**
     * Per-thread heap scratch. Float loops run over Java arrays, staged in and out with bulk copies: the JIT
     * vectorises them there, and element-by-element access to off-heap memory costs up to ten times more (measured:
     * tanh over 32x784 takes 105 µs in place and 10 µs staged).
     */
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[3][0]);

    private float[] scratch(int slot, int length) {
        float[][] holder = scratch.get();
        if (holder[slot].length < length) {
            holder[slot] = new float[length];
        }
        return holder[slot];
    }

    /** Copies an array's values into heap scratch {@code slot}. */
    private float[] load(int slot, INDArray a) {
        int len = n(a);
        float[] h = scratch(slot, len);
        f(a).get(0, h, 0, len);
        return h;
    }

    private void store(float[] h, INDArray a) {
        f(a).put(0, h, 0, n(a));
    }

    @Override
    public String name() {
        return "cpu";
    }

    private Buffer buffer(INDArray a) {
        Map<INDArray, Buffer> buffers = views.get();
        Buffer b = buffers.get(a);
        if (b == null) {
            if (!isRowMajorContiguous(a)) {
                throw new IllegalArgumentException("cpu kernels need arrays contiguous in row-major order, got shape "
                        + Arrays.toString(a.shape()) + " with strides " + Arrays.toString(a.stride()));
            }
            int offset = Math.toIntExact(a.offset());
            int length = Math.toIntExact(a.length());
            if (a.dataType() == DataType.FLOAT) {
                b = a.data().asNioFloat().position(offset).slice().limit(length);
            } else if (a.dataType() == DataType.DOUBLE) {
                b = a.data().asNioDouble().position(offset).slice().limit(length);
            } else {
                throw new IllegalArgumentException("cpu kernels support FLOAT and DOUBLE, got " + a.dataType());
            }
            if (buffers.size() >= MAX_CACHED_BUFFERS) {
                buffers.clear(); // short-lived arrays (user sampling) must not pile up
            }
            buffers.put(a, b);
        }
        return b;
    }

    /** Whether the elements lie one after another in c-order (ND4J may call a column view 'f': it still is). */
    static boolean isRowMajorContiguous(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) != 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    private FloatBuffer f(INDArray a) {
        return (FloatBuffer) buffer(a);
    }

    private DoubleBuffer d(INDArray a) {
        return (DoubleBuffer) buffer(a);
    }

    private static boolean isFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT;
    }

    private static int n(INDArray a) {
        return (int) a.length();
    }

    @Override
    public void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha,
                     double beta) {
        int m = (int) c.rows();
        int nCols = (int) c.columns();
        int k = (int) (transposeA ? a.rows() : a.columns());
        int lda = (int) a.columns();
        int ldb = (int) b.columns();
        int ta = transposeA ? CblasTrans : CblasNoTrans;
        int tb = transposeB ? CblasTrans : CblasNoTrans;
        if (isFloat(c)) {
            cblas_sgemm(CblasRowMajor, ta, tb, m, nCols, k, (float) alpha, f(a), lda, f(b), ldb, (float) beta, f(c),
                    nCols);
        } else {
            cblas_dgemm(CblasRowMajor, ta, tb, m, nCols, k, alpha, d(a), lda, d(b), ldb, beta, d(c), nCols);
        }
    }

    @Override
    public void addRowVector(INDArray y, INDArray bias) {
        int cols = n(bias);
        int len = n(y);
        if (isFloat(y)) {
            float[] h = load(0, y);
            float[] b = load(1, bias);
            for (int r = 0; r < len; r += cols) {
                for (int j = 0; j < cols; j++) {
                    h[r + j] += b[j];
                }
            }
            store(h, y);
        } else {
            DoubleBuffer yb = d(y);
            DoubleBuffer bb = d(bias);
            for (int r = 0; r < len; r += cols) {
                for (int j = 0; j < cols; j++) {
                    yb.put(r + j, yb.get(r + j) + bb.get(j));
                }
            }
        }
    }

    @Override
    public void columnSums(INDArray dy, INDArray db, boolean accumulate) {
        int cols = n(db);
        int len = n(dy);
        if (isFloat(dy)) {
            // Row by row into per-column sums: the same summation order as column by column, but sequential.
            float[] g = load(0, dy);
            float[] sums = scratch(1, cols);
            java.util.Arrays.fill(sums, 0, cols, 0f);
            for (int r = 0; r < len; r += cols) {
                for (int j = 0; j < cols; j++) {
                    sums[j] += g[r + j];
                }
            }
            if (accumulate) {
                float[] out = load(2, db);
                for (int j = 0; j < cols; j++) {
                    sums[j] += out[j];
                }
            }
            f(db).put(0, sums, 0, cols);
        } else {
            DoubleBuffer g = d(dy);
            DoubleBuffer out = d(db);
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int r = j; r < len; r += cols) {
                    s += g.get(r);
                }
                out.put(j, accumulate ? out.get(j) + s : s);
            }
        }
    }

    @Override
    public void leakyRelu(INDArray x, INDArray out, double slope) {
        int len = n(x);
        if (isFloat(x)) {
            float[] h = load(0, x);
            float s = (float) slope;
            for (int i = 0; i < len; i++) {
                float v = h[i];
                h[i] = Math.max(v, 0f) + s * Math.min(v, 0f); // branch-free, so it vectorises
            }
            store(h, out);
        } else {
            DoubleBuffer in = d(x);
            DoubleBuffer o = d(out);
            for (int i = 0; i < len; i++) {
                double v = in.get(i);
                o.put(i, v > 0 ? v : v * slope);
            }
        }
    }

    @Override
    public void leakyReluBackward(INDArray out, INDArray dy, INDArray dx, double slope) {
        int len = n(out);
        if (isFloat(out)) {
            float[] o = load(0, out);
            float[] g = load(1, dy);
            float s = (float) slope;
            for (int i = 0; i < len; i++) {
                g[i] = o[i] > 0 ? g[i] : g[i] * s;
            }
            store(g, dx);
        } else {
            DoubleBuffer o = d(out);
            DoubleBuffer g = d(dy);
            DoubleBuffer r = d(dx);
            for (int i = 0; i < len; i++) {
                double gi = g.get(i);
                r.put(i, o.get(i) > 0 ? gi : gi * slope);
            }
        }
    }

    @Override
    public void tanh(INDArray x, INDArray out) {
        int len = n(x);
        if (isFloat(x)) {
            float[] h = load(0, x);
            for (int i = 0; i < len; i++) {
                h[i] = FastTanh.tanh(h[i]);
            }
            store(h, out);
        } else {
            DoubleBuffer in = d(x);
            DoubleBuffer o = d(out);
            for (int i = 0; i < len; i++) {
                o.put(i, Math.tanh(in.get(i)));
            }
        }
    }

    @Override
    public void tanhBackward(INDArray out, INDArray dy, INDArray dx) {
        int len = n(out);
        if (isFloat(out)) {
            float[] o = load(0, out);
            float[] g = load(1, dy);
            for (int i = 0; i < len; i++) {
                g[i] *= 1 - o[i] * o[i];
            }
            store(g, dx);
        } else {
            DoubleBuffer o = d(out);
            DoubleBuffer g = d(dy);
            DoubleBuffer r = d(dx);
            for (int i = 0; i < len; i++) {
                double y = o.get(i);
                r.put(i, g.get(i) * (1 - y * y));
            }
        }
    }

    @Override
    public void sigmoid(INDArray x, INDArray out) {
        int len = n(x);
        if (isFloat(x)) {
            FloatBuffer in = f(x);
            FloatBuffer o = f(out);
            for (int i = 0; i < len; i++) {
                o.put(i, (float) PortableKernels.sigmoid(in.get(i)));
            }
        } else {
            DoubleBuffer in = d(x);
            DoubleBuffer o = d(out);
            for (int i = 0; i < len; i++) {
                o.put(i, PortableKernels.sigmoid(in.get(i)));
            }
        }
    }

    @Override
    public void sigmoidBackward(INDArray out, INDArray dy, INDArray dx) {
        int len = n(out);
        if (isFloat(out)) {
            FloatBuffer o = f(out);
            FloatBuffer g = f(dy);
            FloatBuffer r = f(dx);
            for (int i = 0; i < len; i++) {
                float y = o.get(i);
                r.put(i, g.get(i) * y * (1 - y));
            }
        } else {
            DoubleBuffer o = d(out);
            DoubleBuffer g = d(dy);
            DoubleBuffer r = d(dx);
            for (int i = 0; i < len; i++) {
                double y = o.get(i);
                r.put(i, g.get(i) * y * (1 - y));
            }
        }
    }

    /** Reads a (small) array as doubles: losses and means are accumulated in double precision. */
    private double[] toDoubles(INDArray a) {
        double[] v = new double[n(a)];
        if (isFloat(a)) {
            FloatBuffer b = f(a);
            for (int i = 0; i < v.length; i++) {
                v[i] = b.get(i);
            }
        } else {
            d(a).get(0, v);
        }
        return v;
    }

    @Override
    public double bceWithLogits(INDArray logits, double target, INDArray grad, double gradScale) {
        double[] x = toDoubles(logits);
        double sum = 0;
        boolean isFloat = isFloat(grad);
        Buffer g = buffer(grad);
        for (int i = 0; i < x.length; i++) {
            sum += Math.max(x[i], 0) - x[i] * target + Math.log1p(Math.exp(-Math.abs(x[i])));
            double gi = gradScale * (PortableKernels.sigmoid(x[i]) - target);
            if (isFloat) {
                ((FloatBuffer) g).put(i, (float) gi);
            } else {
                ((DoubleBuffer) g).put(i, gi);
            }
        }
        return sum;
    }

    @Override
    public double meanSigmoid(INDArray logits) {
        double sum = 0;
        for (double x : toDoubles(logits)) {
            sum += PortableKernels.sigmoid(x);
        }
        return sum / n(logits);
    }

    @Override
    public AdamState adamState(INDArray params, INDArray grads) {
        if (isFloat(params)) {
            return new HeapAdamFloat(f(params), f(grads), n(params));
        }
        return new HeapAdamDouble(d(params), d(grads), n(params));
    }

    @Override
    public byte[] toBytes(INDArray a, byte[] reuse) {
        return isFloat(a) ? ArrayBytes.toBytes(f(a), reuse) : ArrayBytes.toBytes(d(a), reuse);
    }

    @Override
    public void copyFromHost(float[] src, INDArray dst) {
        int len = n(dst);
        if (isFloat(dst)) {
            f(dst).put(0, src, 0, len);
        } else {
            DoubleBuffer o = d(dst);
            for (int i = 0; i < len; i++) {
                o.put(i, src[i]);
            }
        }
    }

    @Override
    public void copy(INDArray src, INDArray dst) {
        if (isFloat(dst)) {
            f(dst).put(0, f(src), 0, n(src));
        } else {
            d(dst).put(0, d(src), 0, n(src));
        }
    }

    /** Zeros to copy from: bulk copies are eight times faster than a loop of single puts (measured). */
    private static final float[] FLOAT_ZEROS = new float[1 << 14];
    private static final double[] DOUBLE_ZEROS = new double[1 << 13];

    @Override
    public void zero(INDArray a) {
        int len = n(a);
        if (isFloat(a)) {
            FloatBuffer b = f(a);
            for (int i = 0; i < len; i += FLOAT_ZEROS.length) {
                b.put(i, FLOAT_ZEROS, 0, Math.min(FLOAT_ZEROS.length, len - i));
            }
        } else {
            DoubleBuffer b = d(a);
            for (int i = 0; i < len; i += DOUBLE_ZEROS.length) {
                b.put(i, DOUBLE_ZEROS, 0, Math.min(DOUBLE_ZEROS.length, len - i));
            }
        }
    }
}
