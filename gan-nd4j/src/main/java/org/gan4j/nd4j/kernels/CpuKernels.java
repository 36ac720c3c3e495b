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
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[4][0]);
    /** The same for the double path (gradient checks): image kernels stage through heap arrays on both. */
    private final ThreadLocal<double[][]> scratchD = ThreadLocal.withInitial(() -> new double[4][0]);
    /** Per-channel vectors (statistics, gamma, beta) in double, whatever the arrays' type. */
    private final ThreadLocal<double[][]> vectors = ThreadLocal.withInitial(() -> new double[8][0]);

    private float[] scratch(int slot, int length) {
        float[][] holder = scratch.get();
        if (holder[slot].length < length) {
            holder[slot] = new float[length];
        }
        return holder[slot];
    }

    private double[] scratchD(int slot, int length) {
        double[][] holder = scratchD.get();
        if (holder[slot].length < length) {
            holder[slot] = new double[length];
        }
        return holder[slot];
    }

    private double[] loadD(int slot, INDArray a) {
        int len = n(a);
        double[] h = scratchD(slot, len);
        d(a).get(0, h, 0, len);
        return h;
    }

    private void storeD(double[] h, INDArray a) {
        d(a).put(0, h, 0, n(a));
    }

    /** A small array's values as doubles, in vector slot {@code slot}. */
    private double[] vector(int slot, INDArray a) {
        int len = n(a);
        double[][] holder = vectors.get();
        if (holder[slot].length < len) {
            holder[slot] = new double[len];
        }
        double[] v = holder[slot];
        if (isFloat(a)) {
            FloatBuffer b = f(a);
            for (int i = 0; i < len; i++) {
                v[i] = b.get(i);
            }
        } else {
            d(a).get(0, v, 0, len);
        }
        return v;
    }

    private void putVector(double[] v, int from, INDArray a) {
        int len = n(a);
        if (isFloat(a)) {
            FloatBuffer b = f(a);
            for (int i = 0; i < len; i++) {
                b.put(i, (float) v[from + i]);
            }
        } else {
            d(a).put(0, v, from, len);
        }
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

    /**
     * Whether the elements lie one after another in c-order (ND4J may call a column view 'f': it still is), so that
     * a pointer to the first one and the length describe the array.
     *
     * @param a any array
     * @return true if its elements are contiguous in row-major order
     */
    public static boolean isRowMajorContiguous(INDArray a) {
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
            // Row by row through a row-sized array: the JIT vectorises a loop whose arrays share one index, not one
            // indexing the matrix at r + j and the bias at j (measured: twice as fast).
            FloatBuffer yb = f(y);
            float[] b = load(1, bias);
            float[] row = scratch(0, cols);
            for (int r = 0; r < len; r += cols) {
                yb.get(r, row, 0, cols);
                for (int j = 0; j < cols; j++) {
                    row[j] += b[j];
                }
                yb.put(r, row, 0, cols);
            }
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
            // (each row through a row-sized array, for a loop the JIT vectorises: see addRowVector)
            FloatBuffer g = f(dy);
            float[] row = scratch(0, cols);
            float[] sums = scratch(1, cols);
            java.util.Arrays.fill(sums, 0, cols, 0f);
            for (int r = 0; r < len; r += cols) {
                g.get(r, row, 0, cols);
                for (int j = 0; j < cols; j++) {
                    sums[j] += row[j];
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
                // Branch-free, so it vectorises (a branch on random signs cost 8 ns per value, measured): step is
                // exactly 1 for out > 0 and 0 otherwise (even for the smallest subnormal: 2^-149 * 2^252 > 1), and
                // one of the two products is zero, so the sum is exactly the selected one.
                float step = Math.min(Math.max(o[i] * 0x1p126f * 0x1p126f, 0f), 1f);
                float gi = g[i];
                g[i] = gi * step + gi * s * (1f - step);
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

    @Override
    public void tanhSecondBackward(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent, INDArray dx) {
        secondBackward(true, out, dy, tangent, dTangent, dx);
    }

    @Override
    public void sigmoidSecondBackward(INDArray out, INDArray dy, INDArray tangent, INDArray dTangent, INDArray dx) {
        secondBackward(false, out, dy, tangent, dTangent, dx);
    }

    /**
     * {@code dx = f'(y) (dy + h(y) dTangent tangent)} with {@code f' = 1 - y^2, h = -2 y} for tanh and
     * {@code f' = y (1 - y), h = 1 - 2 y} for the sigmoid (so that {@code f'' = f' h}).
     */
    private void secondBackward(boolean tanh, INDArray out, INDArray dy, INDArray tangent, INDArray dTangent,
                                INDArray dx) {
        int len = n(out);
        if (isFloat(out)) {
            float[] o = load(0, out);
            float[] t = load(1, tangent);
            float[] dt = load(2, dTangent);
            float[] g = dy == null ? null : load(3, dy);
            for (int i = 0; i < len; i++) {
                float y = o[i];
                float first = tanh ? 1 - y * y : y * (1 - y);
                float h = tanh ? -2 * y : 1 - 2 * y;
                t[i] = first * ((g == null ? 0f : g[i]) + h * dt[i] * t[i]);
            }
            store(t, dx);
        } else {
            double[] o = loadD(0, out);
            double[] t = loadD(1, tangent);
            double[] dt = loadD(2, dTangent);
            double[] g = dy == null ? null : loadD(3, dy);
            for (int i = 0; i < len; i++) {
                double y = o[i];
                double first = tanh ? 1 - y * y : y * (1 - y);
                double h = tanh ? -2 * y : 1 - 2 * y;
                t[i] = first * ((g == null ? 0 : g[i]) + h * dt[i] * t[i]);
            }
            storeD(t, dx);
        }
    }

    @Override
    public void interpolateRows(INDArray a, INDArray b, double[] weights, INDArray out) {
        int rows = (int) a.rows();
        int cols = (int) a.columns();
        if (isFloat(a)) {
            float[] x = load(0, a);
            float[] y = load(1, b);
            for (int r = 0; r < rows; r++) {
                float w = (float) weights[r];
                for (int i = r * cols, end = i + cols; i < end; i++) {
                    x[i] = w * x[i] + (1 - w) * y[i];
                }
            }
            store(x, out);
        } else {
            double[] x = loadD(0, a);
            double[] y = loadD(1, b);
            for (int r = 0; r < rows; r++) {
                double w = weights[r];
                for (int i = r * cols, end = i + cols; i < end; i++) {
                    x[i] = w * x[i] + (1 - w) * y[i];
                }
            }
            storeD(x, out);
        }
    }

    @Override
    public void rowNorms(INDArray a, double[] norms) {
        int rows = (int) a.rows();
        int cols = (int) a.columns();
        if (isFloat(a)) {
            float[] x = load(0, a);
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int i = r * cols, end = i + cols; i < end; i++) {
                    sum += (double) x[i] * x[i];
                }
                norms[r] = Math.sqrt(sum);
            }
        } else {
            double[] x = loadD(0, a);
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int i = r * cols, end = i + cols; i < end; i++) {
                    sum += x[i] * x[i];
                }
                norms[r] = Math.sqrt(sum);
            }
        }
    }

    @Override
    public void scaleRows(INDArray a, double[] scales, INDArray out) {
        int rows = (int) a.rows();
        int cols = (int) a.columns();
        if (isFloat(a)) {
            float[] x = load(0, a);
            for (int r = 0; r < rows; r++) {
                float s = (float) scales[r];
                for (int i = r * cols, end = i + cols; i < end; i++) {
                    x[i] *= s;
                }
            }
            store(x, out);
        } else {
            double[] x = loadD(0, a);
            for (int r = 0; r < rows; r++) {
                double s = scales[r];
                for (int i = r * cols, end = i + cols; i < end; i++) {
                    x[i] *= s;
                }
            }
            storeD(x, out);
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
    public double mean(INDArray values) {
        double sum = 0;
        for (double x : toDoubles(values)) {
            sum += x;
        }
        return sum / n(values);
    }

    @Override
    public AdamState adamState(INDArray params, INDArray grads) {
        if (isFloat(params)) {
            return new HeapAdamFloat(f(params), f(grads), n(params));
        }
        return new HeapAdamDouble(d(params), d(grads), n(params));
    }

    @Override
    public EmaState emaState(INDArray live, INDArray average) {
        if (isFloat(live)) {
            return new HeapEmaFloat(f(live), f(average), n(live));
        }
        return new HeapEmaDouble(d(live), d(average), n(live));
    }

    @Override
    public RmsPropState rmsPropState(INDArray params, INDArray grads, boolean momentum) {
        if (isFloat(params)) {
            return new HeapRmsPropFloat(f(params), f(grads), n(params), momentum);
        }
        return new HeapRmsPropDouble(d(params), d(grads), n(params), momentum);
    }

    @Override
    public SgdState sgdState(INDArray params, INDArray grads, boolean momentum) {
        if (isFloat(params)) {
            return new HeapSgdFloat(f(params), f(grads), n(params), momentum);
        }
        return new HeapSgdDouble(d(params), d(grads), n(params), momentum);
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
    public void copyColumns(INDArray src, int srcFrom, INDArray dst, int dstFrom, int width) {
        int rows = (int) src.rows();
        int srcCols = (int) src.columns();
        int dstCols = (int) dst.columns();
        if (isFloat(dst)) {
            FloatBuffer from = f(src);
            FloatBuffer to = f(dst);
            for (int r = 0; r < rows; r++) {
                to.put(r * dstCols + dstFrom, from, r * srcCols + srcFrom, width);
            }
        } else {
            DoubleBuffer from = d(src);
            DoubleBuffer to = d(dst);
            for (int r = 0; r < rows; r++) {
                to.put(r * dstCols + dstFrom, from, r * srcCols + srcFrom, width);
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

    // ---- images ----
    // Each kernel stages its big arrays through heap scratch with bulk copies (the JIT vectorises loops over Java
    // arrays; see the scratch field) and has a float and a double version of the same loops.

    private static void checkIm2col(INDArray x, ConvGeometry g, INDArray col) {
        long np = x.rows() * g.positions();
        if (x.columns() != g.imageSize() || col.length() != g.patchSize() * np) {
            throw new IllegalArgumentException("im2col/col2im for " + g + ": images " + Arrays.toString(x.shape())
                    + " and columns " + Arrays.toString(col.shape()) + " do not fit");
        }
    }

    // im2col and col2im work on a zero-padded heap copy of the images, (H + 2p) x (W + 2p) per plane: every window
    // then lies inside it, and the loops have no bounds checks or short fills (3x faster than clipping each window
    // row to the image, measured on DCGAN's shapes).

    /** Copies planes of {@code h x w} into the middle of planes of {@code (h + 2p) x (w + 2p)} with zero borders. */
    private static void pad(float[] img, int planes, int h, int w, int p, float[] padded) {
        int wp = w + 2 * p;
        int hp = h + 2 * p;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * hp * wp;
            Arrays.fill(padded, base, base + p * wp + p, 0f);
            for (int r = 0; r < h; r++) {
                int dst = base + (r + p) * wp + p;
                System.arraycopy(img, plane * h * w + r * w, padded, dst, w);
                for (int q = 0; q < 2 * p; q++) {
                    padded[dst + w + q] = 0f; // right border of this row, left border of the next
                }
            }
            Arrays.fill(padded, base + (h + p) * wp + p, base + hp * wp, 0f);
        }
    }

    private static void pad(double[] img, int planes, int h, int w, int p, double[] padded) {
        int wp = w + 2 * p;
        int hp = h + 2 * p;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * hp * wp;
            Arrays.fill(padded, base, base + p * wp + p, 0.0);
            for (int r = 0; r < h; r++) {
                int dst = base + (r + p) * wp + p;
                System.arraycopy(img, plane * h * w + r * w, padded, dst, w);
                for (int q = 0; q < 2 * p; q++) {
                    padded[dst + w + q] = 0.0;
                }
            }
            Arrays.fill(padded, base + (h + p) * wp + p, base + hp * wp, 0.0);
        }
    }

    /** The inverse of {@link #pad}: the middle of each padded plane. */
    private static void crop(float[] padded, int planes, int h, int w, int p, float[] img) {
        int wp = w + 2 * p;
        int hp = h + 2 * p;
        for (int plane = 0; plane < planes; plane++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(padded, plane * hp * wp + (r + p) * wp + p, img, plane * h * w + r * w, w);
            }
        }
    }

    private static void crop(double[] padded, int planes, int h, int w, int p, double[] img) {
        int wp = w + 2 * p;
        int hp = h + 2 * p;
        for (int plane = 0; plane < planes; plane++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(padded, plane * hp * wp + (r + p) * wp + p, img, plane * h * w + r * w, w);
            }
        }
    }

    private static int paddedLength(ConvGeometry g, int rows) {
        return rows * g.channels() * (g.height() + 2 * g.padding()) * (g.width() + 2 * g.padding());
    }

    @Override
    public void im2col(INDArray x, ConvGeometry g, INDArray col) {
        checkIm2col(x, g, col);
        int rows = (int) x.rows();
        int np = rows * g.positions();
        int k = g.kernel();
        int planes = rows * g.channels();
        int p = g.padding();
        int r = 0;
        if (isFloat(x)) {
            float[] img = load(0, x);
            float[] padded = img;
            if (p > 0) {
                padded = scratch(2, paddedLength(g, rows));
                pad(img, planes, g.height(), g.width(), p, padded);
            }
            float[] row = scratch(1, np);
            FloatBuffer out = f(col);
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++, r++) {
                        im2colRow(padded, g, rows, c, i, j, row);
                        out.put(r * np, row, 0, np);
                    }
                }
            }
        } else {
            double[] img = loadD(0, x);
            double[] padded = img;
            if (p > 0) {
                padded = scratchD(2, paddedLength(g, rows));
                pad(img, planes, g.height(), g.width(), p, padded);
            }
            double[] row = scratchD(1, np);
            DoubleBuffer out = d(col);
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++, r++) {
                        im2colRow(padded, g, rows, c, i, j, row);
                        out.put(r * np, row, 0, np);
                    }
                }
            }
        }
    }

    /** Row {@code (c, i, j)} of the im2col matrix from padded planes: every image's values under (i, j). */
    private static void im2colRow(float[] padded, ConvGeometry g, int rows, int c, int i, int j, float[] row) {
        int wp = g.width() + 2 * g.padding();
        int planeSize = (g.height() + 2 * g.padding()) * wp;
        int s = g.stride();
        int oh0 = g.outHeight();
        int ow0 = g.outWidth();
        int d = 0;
        for (int n = 0; n < rows; n++) {
            int base = (n * g.channels() + c) * planeSize + i * wp + j;
            for (int oh = 0; oh < oh0; oh++, d += ow0) {
                int src = base + oh * s * wp;
                if (s == 1) {
                    System.arraycopy(padded, src, row, d, ow0);
                } else {
                    for (int ow = 0; ow < ow0; ow++) {
                        row[d + ow] = padded[src + ow * s];
                    }
                }
            }
        }
    }

    private static void im2colRow(double[] padded, ConvGeometry g, int rows, int c, int i, int j, double[] row) {
        int wp = g.width() + 2 * g.padding();
        int planeSize = (g.height() + 2 * g.padding()) * wp;
        int s = g.stride();
        int oh0 = g.outHeight();
        int ow0 = g.outWidth();
        int d = 0;
        for (int n = 0; n < rows; n++) {
            int base = (n * g.channels() + c) * planeSize + i * wp + j;
            for (int oh = 0; oh < oh0; oh++, d += ow0) {
                int src = base + oh * s * wp;
                for (int ow = 0; ow < ow0; ow++) {
                    row[d + ow] = padded[src + ow * s];
                }
            }
        }
    }

    @Override
    public void col2im(INDArray col, ConvGeometry g, INDArray x) {
        checkIm2col(x, g, col);
        int rows = (int) x.rows();
        int np = rows * g.positions();
        int len = n(x);
        int k = g.kernel();
        int planes = rows * g.channels();
        int p = g.padding();
        int paddedLength = paddedLength(g, rows);
        int r = 0;
        if (isFloat(x)) {
            float[] padded = scratch(p > 0 ? 2 : 0, paddedLength);
            Arrays.fill(padded, 0, paddedLength, 0f);
            float[] row = scratch(1, np);
            FloatBuffer in = f(col);
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++, r++) {
                        in.get(r * np, row, 0, np);
                        col2imRow(row, 0, g, rows, c, i, j, padded);
                    }
                }
            }
            float[] img = padded;
            if (p > 0) {
                img = scratch(0, len);
                crop(padded, planes, g.height(), g.width(), p, img);
            }
            store(img, x);
        } else {
            double[] padded = scratchD(p > 0 ? 2 : 0, paddedLength);
            Arrays.fill(padded, 0, paddedLength, 0.0);
            double[] row = scratchD(1, np);
            DoubleBuffer in = d(col);
            for (int c = 0; c < g.channels(); c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++, r++) {
                        in.get(r * np, row, 0, np);
                        col2imRow(row, 0, g, rows, c, i, j, padded);
                    }
                }
            }
            double[] img = padded;
            if (p > 0) {
                img = scratchD(0, len);
                crop(padded, planes, g.height(), g.width(), p, img);
            }
            storeD(img, x);
        }
    }

    /** Adds row {@code (c, i, j)} of an im2col matrix back onto the padded pixels it was read from. */
    private static void col2imRow(float[] row, int from, ConvGeometry g, int rows, int c, int i, int j,
                                  float[] padded) {
        int wp = g.width() + 2 * g.padding();
        int planeSize = (g.height() + 2 * g.padding()) * wp;
        int s = g.stride();
        int oh0 = g.outHeight();
        int ow0 = g.outWidth();
        int d = from;
        for (int n = 0; n < rows; n++) {
            int base = (n * g.channels() + c) * planeSize + i * wp + j;
            for (int oh = 0; oh < oh0; oh++, d += ow0) {
                int dst = base + oh * s * wp;
                for (int ow = 0; ow < ow0; ow++) {
                    padded[dst + ow * s] += row[d + ow];
                }
            }
        }
    }

    private static void col2imRow(double[] row, int from, ConvGeometry g, int rows, int c, int i, int j,
                                  double[] padded) {
        int wp = g.width() + 2 * g.padding();
        int planeSize = (g.height() + 2 * g.padding()) * wp;
        int s = g.stride();
        int oh0 = g.outHeight();
        int ow0 = g.outWidth();
        int d = from;
        for (int n = 0; n < rows; n++) {
            int base = (n * g.channels() + c) * planeSize + i * wp + j;
            for (int oh = 0; oh < oh0; oh++, d += ow0) {
                int dst = base + oh * s * wp;
                for (int ow = 0; ow < ow0; ow++) {
                    padded[dst + ow * s] += row[d + ow];
                }
            }
        }
    }

    /** Column values per block of {@link #transposedConvolution}: 1.5 MB of floats, in L2 or L3 with the images. */
    private static final int BLOCK_VALUES = 384 * 1024;

    /** Per-thread direct memory for a block's columns: cblas writes there, col2im reads it back in bulk. */
    private final ThreadLocal<java.nio.ByteBuffer[]> direct = ThreadLocal.withInitial(() -> new java.nio.ByteBuffer[1]);

    private java.nio.ByteBuffer direct(int bytes) {
        java.nio.ByteBuffer[] holder = direct.get();
        if (holder[0] == null || holder[0].capacity() < bytes) {
            holder[0] = java.nio.ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
        }
        return holder[0];
    }

    @Override
    public void transposedConvolution(INDArray w, INDArray byChannel, ConvGeometry g, INDArray bias, INDArray out) {
        int rows = (int) out.rows();
        int wRows = (int) w.rows();
        int patch = g.patchSize();
        int positions = g.positions();
        int np = rows * positions;
        if (w.columns() != patch || byChannel.rows() != wRows || byChannel.columns() != np
                || out.columns() != g.imageSize()) {
            throw new IllegalArgumentException("transposedConvolution for " + g + ": weight " + Arrays.toString(
                    w.shape()) + ", input " + Arrays.toString(byChannel.shape()) + " and output " + Arrays.toString(
                    out.shape()) + " do not fit");
        }
        int block = Math.max(1, Math.min(rows, BLOCK_VALUES / (patch * positions)));
        int k = g.kernel();
        int channels = g.channels();
        int h = g.height();
        int wd = g.width();
        int p = g.padding();
        int wp = wd + 2 * p;
        int paddedPlane = (h + 2 * p) * wp;
        double[] b = bias == null ? null : vector(0, bias);
        boolean isFloat = isFloat(out);
        int maxColumns = patch * block * positions;
        FloatBuffer colF = isFloat ? direct(4 * maxColumns).asFloatBuffer() : null;
        DoubleBuffer colD = isFloat ? null : direct(8 * maxColumns).asDoubleBuffer();
        float[] colHf = isFloat ? scratch(1, maxColumns) : null;
        double[] colHd = isFloat ? null : scratchD(1, maxColumns);
        float[] paddedF = isFloat ? scratch(2, block * channels * paddedPlane) : null;
        double[] paddedD = isFloat ? null : scratchD(2, block * channels * paddedPlane);
        float[] imgF = isFloat ? scratch(0, n(out)) : null;
        double[] imgD = isFloat ? null : scratchD(0, n(out));
        for (int first = 0; first < rows; first += block) {
            int count = Math.min(block, rows - first);
            int cols = count * positions;
            int paddedLength = count * channels * paddedPlane;
            // columns of images [first, first + count): w^T times that column block of byChannel (leading dim np)
            if (isFloat) {
                FloatBuffer in = f(byChannel);
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, patch, cols, wRows, 1f, f(w), patch,
                        in.slice(first * positions, in.limit() - first * positions), np, 0f, colF, cols);
                colF.get(0, colHf, 0, patch * cols);
                Arrays.fill(paddedF, 0, paddedLength, 0f);
            } else {
                DoubleBuffer in = d(byChannel);
                cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, patch, cols, wRows, 1.0, d(w), patch,
                        in.slice(first * positions, in.limit() - first * positions), np, 0.0, colD, cols);
                colD.get(0, colHd, 0, patch * cols);
                Arrays.fill(paddedD, 0, paddedLength, 0.0);
            }
            int r = 0;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++, r++) {
                        if (isFloat) {
                            col2imRow(colHf, r * cols, g, count, c, i, j, paddedF);
                        } else {
                            col2imRow(colHd, r * cols, g, count, c, i, j, paddedD);
                        }
                    }
                }
            }
            // crop the padded planes into the output rows, adding the bias
            for (int n = 0; n < count; n++) {
                for (int c = 0; c < channels; c++) {
                    int src = (n * channels + c) * paddedPlane + p * wp + p;
                    int dst = (first + n) * g.imageSize() + c * h * wd;
                    double bc = b == null ? 0 : b[c];
                    for (int y = 0; y < h; y++, src += wp, dst += wd) {
                        // a copy, then a loop with one index expression (which the JIT vectorises)
                        if (isFloat) {
                            float bf = (float) bc;
                            System.arraycopy(paddedF, src, imgF, dst, wd);
                            for (int x = dst; x < dst + wd; x++) {
                                imgF[x] += bf;
                            }
                        } else {
                            System.arraycopy(paddedD, src, imgD, dst, wd);
                            for (int x = dst; x < dst + wd; x++) {
                                imgD[x] += bc;
                            }
                        }
                    }
                }
            }
        }
        if (isFloat) {
            store(imgF, out);
        } else {
            storeD(imgD, out);
        }
    }

    @Override
    public void imagesToChannels(INDArray images, int channels, INDArray byChannel) {
        int rows = (int) images.rows();
        int p = (int) images.columns() / channels;
        int np = rows * p;
        int len = n(images);
        if (isFloat(images)) {
            float[] src = load(0, images);
            float[] dst = scratch(1, len);
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(src, (n * channels + c) * p, dst, c * np + n * p, p);
                }
            }
            f(byChannel).put(0, dst, 0, len);
        } else {
            double[] src = loadD(0, images);
            double[] dst = scratchD(1, len);
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(src, (n * channels + c) * p, dst, c * np + n * p, p);
                }
            }
            d(byChannel).put(0, dst, 0, len);
        }
    }

    @Override
    public void channelsToImages(INDArray byChannel, int channels, INDArray bias, INDArray images) {
        int rows = (int) images.rows();
        int p = (int) images.columns() / channels;
        int np = rows * p;
        int len = n(images);
        double[] b = bias == null ? null : vector(0, bias);
        if (isFloat(images)) {
            float[] src = load(0, byChannel);
            float[] dst = scratch(1, len);
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    int from = c * np + n * p;
                    int to = (n * channels + c) * p;
                    System.arraycopy(src, from, dst, to, p);
                    if (b != null) {
                        float bc = (float) b[c];
                        for (int q = to; q < to + p; q++) {
                            dst[q] += bc; // after the copy: one index expression, which the JIT vectorises
                        }
                    }
                }
            }
            store(dst, images);
        } else {
            double[] src = loadD(0, byChannel);
            double[] dst = scratchD(1, len);
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    int from = c * np + n * p;
                    int to = (n * channels + c) * p;
                    double bc = b == null ? 0 : b[c];
                    System.arraycopy(src, from, dst, to, p);
                    for (int q = to; q < to + p; q++) {
                        dst[q] += bc;
                    }
                }
            }
            storeD(dst, images);
        }
    }

    @Override
    public void addChannelBias(INDArray images, int channels, INDArray bias) {
        int rows = (int) images.rows();
        int p = (int) images.columns() / channels;
        double[] b = vector(0, bias);
        if (isFloat(images)) {
            float[] y = load(0, images);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    float bc = (float) b[c];
                    for (int q = 0; q < p; q++) {
                        y[o + q] += bc;
                    }
                }
            }
            store(y, images);
        } else {
            double[] y = loadD(0, images);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    for (int q = 0; q < p; q++) {
                        y[o + q] += b[c];
                    }
                }
            }
            storeD(y, images);
        }
    }

    /** Sum of {@code a[from, from + len)} in double, with four accumulators (a dependency chain would be 4x slower). */
    private static double sum(float[] a, int from, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + len;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double sum(double[] a, int from, int len) {
        double s = 0;
        for (int i = from; i < from + len; i++) {
            s += a[i];
        }
        return s;
    }

    private double[] channelSumsInto(INDArray images, int channels, int slot) {
        int rows = (int) images.rows();
        int p = (int) images.columns() / channels;
        double[][] holder = vectors.get();
        if (holder[slot].length < channels) {
            holder[slot] = new double[channels];
        }
        double[] sums = holder[slot];
        Arrays.fill(sums, 0, channels, 0.0);
        if (isFloat(images)) {
            float[] y = load(0, images);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    sums[c] += sum(y, o, p);
                }
            }
        } else {
            double[] y = loadD(0, images);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    sums[c] += sum(y, o, p);
                }
            }
        }
        return sums;
    }

    @Override
    public void channelSums(INDArray images, int channels, INDArray sums, boolean accumulate) {
        double[] s = channelSumsInto(images, channels, 1);
        if (accumulate) {
            double[] old = vector(2, sums);
            for (int c = 0; c < channels; c++) {
                s[c] += old[c];
            }
        }
        putVector(s, 0, sums);
    }

    @Override
    public void channelMeanVariance(INDArray x, int channels, INDArray mean, INDArray variance) {
        int rows = (int) x.rows();
        int p = (int) x.columns() / channels;
        double count = (double) rows * p;
        double[] m = channelSumsInto(x, channels, 1);
        for (int c = 0; c < channels; c++) {
            m[c] /= count;
        }
        double[] v = vector(2, variance);
        Arrays.fill(v, 0, channels, 0.0);
        // Two passes (mean, then squared deviations): no cancellation. x is still in scratch slot 0.
        if (isFloat(x)) {
            float[] h = scratch.get()[0];
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    float mc = (float) m[c];
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    int q = 0;
                    for (; q + 3 < p; q += 4) {
                        int i = o + q;
                        float e0 = h[i] - mc;
                        float e1 = h[i + 1] - mc;
                        float e2 = h[i + 2] - mc;
                        float e3 = h[i + 3] - mc;
                        s0 += e0 * e0;
                        s1 += e1 * e1;
                        s2 += e2 * e2;
                        s3 += e3 * e3;
                    }
                    for (; q < p; q++) {
                        float e = h[o + q] - mc;
                        s0 += e * e;
                    }
                    v[c] += (s0 + s1) + (s2 + s3);
                }
            }
        } else {
            double[] h = scratchD.get()[0];
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    double mc = m[c];
                    double s = 0;
                    for (int q = 0; q < p; q++) {
                        double dv = h[o + q] - mc;
                        s += dv * dv;
                    }
                    v[c] += s;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            v[c] /= count;
        }
        putVector(m, 0, mean);
        putVector(v, 0, variance);
    }

    @Override
    public void batchNorm(INDArray x, int channels, INDArray mean, INDArray variance, double eps, INDArray gamma,
                          INDArray beta, INDArray invStd, INDArray y) {
        int rows = (int) x.rows();
        int p = (int) x.columns() / channels;
        double[] m = vector(0, mean);
        double[] inv = vector(1, variance);
        double[] gm = vector(2, gamma);
        double[] bt = vector(3, beta);
        double[] a = vector(4, gamma); // overwritten below: gamma * invStd
        for (int c = 0; c < channels; c++) {
            inv[c] = 1 / Math.sqrt(inv[c] + eps);
            a[c] = gm[c] * inv[c];
        }
        putVector(inv, 0, invStd);
        if (isFloat(x)) {
            float[] h = load(0, x);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    float mc = (float) m[c];
                    float ac = (float) a[c];
                    float bc = (float) bt[c];
                    for (int q = 0; q < p; q++) {
                        h[o + q] = (h[o + q] - mc) * ac + bc;
                    }
                }
            }
            store(h, y);
        } else {
            double[] h = loadD(0, x);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    for (int q = 0; q < p; q++) {
                        h[o + q] = (h[o + q] - m[c]) * a[c] + bt[c];
                    }
                }
            }
            storeD(h, y);
        }
    }

    @Override
    public void batchNormBackward(INDArray x, INDArray dy, int channels, INDArray mean, INDArray invStd,
                                  INDArray gamma, boolean batchStatistics, INDArray sums, INDArray dx) {
        int rows = (int) x.rows();
        int p = (int) x.columns() / channels;
        double count = (double) rows * p;
        double[] m = vector(0, mean);
        double[] inv = vector(1, invStd);
        double[] gm = vector(2, gamma);
        double[][] holder = vectors.get();
        if (holder[3].length < 2 * channels) {
            holder[3] = new double[2 * channels];
        }
        double[] out = holder[3]; // [sum(dy xhat) | sum(dy)]
        Arrays.fill(out, 0, 2 * channels, 0.0);
        boolean isFloat = isFloat(x);
        float[] xf = null;
        float[] gf = null;
        double[] xd = null;
        double[] gd = null;
        if (isFloat) {
            xf = load(0, x);
            gf = load(1, dy);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    // One pass, four independent accumulators per sum (one accumulator is latency-bound: 3x slower)
                    float mc = (float) m[c];
                    double d0 = 0;
                    double d1 = 0;
                    double d2 = 0;
                    double d3 = 0;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    int q = 0;
                    for (; q + 3 < p; q += 4) {
                        int i = o + q;
                        d0 += gf[i] * (xf[i] - mc);
                        d1 += gf[i + 1] * (xf[i + 1] - mc);
                        d2 += gf[i + 2] * (xf[i + 2] - mc);
                        d3 += gf[i + 3] * (xf[i + 3] - mc);
                        s0 += gf[i];
                        s1 += gf[i + 1];
                        s2 += gf[i + 2];
                        s3 += gf[i + 3];
                    }
                    for (; q < p; q++) {
                        d0 += gf[o + q] * (xf[o + q] - mc);
                        s0 += gf[o + q];
                    }
                    out[c] += (d0 + d1) + (d2 + d3);
                    out[channels + c] += (s0 + s1) + (s2 + s3);
                }
            }
        } else {
            xd = loadD(0, x);
            gd = loadD(1, dy);
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    double mc = m[c];
                    double sdx = 0;
                    double sd = 0;
                    for (int q = 0; q < p; q++) {
                        sdx += gd[o + q] * (xd[o + q] - mc);
                        sd += gd[o + q];
                    }
                    out[c] += sdx;
                    out[channels + c] += sd;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            out[c] *= inv[c];
        }
        putVector(out, 0, sums);
        if (dx == null) {
            return;
        }
        // dx = A dy - B (x - mean) - C per channel, A = gamma invStd, B = A invStd sum(dy xhat) / M,
        // C = A sum(dy) / M (B = C = 0 with fixed statistics).
        double[] coefA = vector(4, gamma);
        double[] coefB = vector(5, gamma);
        double[] coefC = vector(6, gamma);
        for (int c = 0; c < channels; c++) {
            coefA[c] = gm[c] * inv[c];
            coefB[c] = batchStatistics ? coefA[c] * inv[c] * out[c] / count : 0;
            coefC[c] = batchStatistics ? coefA[c] * out[channels + c] / count : 0;
        }
        if (isFloat) {
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    float mc = (float) m[c];
                    float ac = (float) coefA[c];
                    float bc = (float) coefB[c];
                    float cc = (float) coefC[c];
                    for (int q = 0; q < p; q++) {
                        gf[o + q] = ac * gf[o + q] - bc * (xf[o + q] - mc) - cc;
                    }
                }
            }
            store(gf, dx);
        } else {
            for (int n = 0, o = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++, o += p) {
                    for (int q = 0; q < p; q++) {
                        gd[o + q] = coefA[c] * gd[o + q] - coefB[c] * (xd[o + q] - m[c]) - coefC[c];
                    }
                }
            }
            storeD(gd, dx);
        }
    }

    @Override
    public void movingAverage(INDArray average, INDArray value, double momentum, double scale) {
        double[] avg = vector(0, average);
        double[] v = vector(1, value);
        int len = n(average);
        for (int i = 0; i < len; i++) {
            avg[i] = momentum * (scale * v[i]) + (1 - momentum) * avg[i];
        }
        putVector(avg, 0, average);
    }

    @Override
    public void add(INDArray src, INDArray dst) {
        int len = n(dst);
        if (isFloat(dst)) {
            float[] a = load(0, src);
            float[] b = load(1, dst);
            for (int i = 0; i < len; i++) {
                b[i] += a[i];
            }
            store(b, dst);
        } else {
            double[] a = loadD(0, src);
            double[] b = loadD(1, dst);
            for (int i = 0; i < len; i++) {
                b[i] += a[i];
            }
            storeD(b, dst);
        }
    }

    @Override
    public void applyMask(INDArray x, INDArray mask, double scale, INDArray out) {
        int len = n(x);
        if (isFloat(x)) {
            float[] a = load(0, x);
            float[] m = load(1, mask);
            float s = (float) scale;
            for (int i = 0; i < len; i++) {
                a[i] = a[i] * m[i] * s;
            }
            store(a, out);
        } else {
            double[] a = loadD(0, x);
            double[] m = loadD(1, mask);
            for (int i = 0; i < len; i++) {
                a[i] = a[i] * m[i] * scale;
            }
            storeD(a, out);
        }
    }
}
