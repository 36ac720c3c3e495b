package org.gan4j.nd4j.kernels;

import java.nio.FloatBuffer;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam on the heap for float parameters in off-heap memory. The moments live in Java arrays, one per chunk of
 * {@link Clip#CHUNK} parameters; each update copies a chunk of the gradients and of the parameters into two
 * cache-sized arrays, updates them in a loop the JIT vectorises, and copies the parameters back. Element-by-element
 * access to off-heap memory is about six times slower (measured: 600 µs against 100 µs per step for the generator's
 * 218k parameters).
 *
 * <p>Why chunks: between two updates the step's matrix products evict the optimizer's arrays from the caches, so an
 * update is bound by memory traffic. A heap copy of the whole gradient and parameter vectors (as an earlier version
 * kept) moved 16 more bytes per parameter through memory than the 28 this does (gradient and parameter in,
 * parameter out, both moments in and out). The moments are split into chunk arrays rather than indexed with an
 * offset because the JIT does not vectorise a loop that indexes its arrays by two different expressions (measured:
 * three times slower). The network's parameter array is the only copy of the parameters.
 */
final class HeapAdamFloat implements AdamState {

    private final FloatBuffer params;
    private final FloatBuffer grads;
    private final int length;
    private final float[][] m;
    private final float[][] v;
    /** The chunk being updated: its gradients and parameters. */
    private final float[] g = new float[Clip.CHUNK];
    private final float[] p = new float[Clip.CHUNK];
    /** A moment as one array, for checkpoints; made on first use and reused. */
    private float[] whole;
    /** Whether updates clip the parameters, and the bound, rounded to float (as ND4J rounds its scalar). */
    private boolean clipping;
    private float clip;

    HeapAdamFloat(FloatBuffer params, FloatBuffer grads, int length) {
        this.params = params;
        this.grads = grads;
        this.length = length;
        int chunks = (length + Clip.CHUNK - 1) / Clip.CHUNK;
        this.m = new float[chunks][];
        this.v = new float[chunks][];
        for (int c = 0; c < chunks; c++) {
            int n = Math.min(Clip.CHUNK, length - c * Clip.CHUNK);
            m[c] = new float[n];
            v[c] = new float[n];
        }
    }

    @Override
    public void update(double lr, double beta1, double beta2, double eps, long step) {
        update(lr, beta1, beta2, eps, step, 0, length);
    }

    @Override
    public void update(double lr, double beta1, double beta2, double eps, long step, long from, long to) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
        float e = (float) eps;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        int first = Math.toIntExact(from);
        int end = Math.toIntExact(to);
        for (int c = first / Clip.CHUNK; c * Clip.CHUNK < end; c++) {
            float[] mc = m[c];
            float[] vc = v[c];
            int base = c * Clip.CHUNK;
            // the part of the chunk in the range, at the same positions in every array (one index expression)
            int lo = Math.max(first - base, 0);
            int hi = Math.min(end - base, mc.length);
            grads.get(base + lo, g, lo, hi - lo);
            params.get(base + lo, p, lo, hi - lo);
            for (int j = lo; j < hi; j++) {
                float gj = g[j];
                float mj = b1 * mc[j] + c1 * gj;
                float vj = b2 * vc[j] + c2 * gj * gj;
                mc[j] = mj;
                vc[j] = vj;
                p[j] -= stepSize * mj / ((float) Math.sqrt(vj) * invSqrtBc2 + e);
            }
            if (clipping) {
                Clip.clamp(p, lo, hi, clip);
            }
            params.put(base + lo, p, lo, hi - lo);
        }
    }

    /** {@return the chunks of {@code moment} as one array ({@link #whole}, overwritten)} */
    private float[] joined(float[][] moment) {
        if (whole == null) {
            whole = new float[length];
        }
        for (int c = 0; c < moment.length; c++) {
            System.arraycopy(moment[c], 0, whole, c * Clip.CHUNK, moment[c].length);
        }
        return whole;
    }

    private static void split(float[] values, float[][] moment) {
        for (int c = 0; c < moment.length; c++) {
            System.arraycopy(values, c * Clip.CHUNK, moment[c], 0, moment[c].length);
        }
    }

    @Override
    public boolean updatesInPartsPay() {
        return true;
    }

    @Override
    public INDArray firstMoment() {
        return Nd4j.createFromArray(joined(m).clone());
    }

    @Override
    public INDArray secondMoment() {
        return Nd4j.createFromArray(joined(v).clone());
    }

    @Override
    public byte[] firstMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(FloatBuffer.wrap(joined(m)), reuse);
    }

    @Override
    public byte[] secondMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(FloatBuffer.wrap(joined(v)), reuse);
    }

    @Override
    public void restore(INDArray firstMoment, INDArray secondMoment) {
        split(firstMoment.reshape(length).toFloatVector(), m);
        split(secondMoment.reshape(length).toFloatVector(), v);
    }

    @Override
    public void parametersChanged() {
        // Nothing to re-read: every update reads the parameters from the network's own array.
    }

    @Override
    public void clipParameters(double bound) {
        clipping = Clip.bound(bound) > 0;
        clip = (float) bound;
    }
}
