package org.gan4j.nd4j.kernels;

import java.nio.FloatBuffer;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam on the heap for float parameters in off-heap memory: the gradients are copied in and the parameters out in
 * bulk, and the update runs over Java arrays, which the JIT vectorises. Element-by-element access to off-heap
 * memory is about six times slower (measured: 600 µs against 100 µs per step for the generator's 218k parameters).
 * The heap copy of the parameters is the source of truth between {@link #parametersChanged()} calls.
 */
final class HeapAdamFloat implements AdamState {

    private final FloatBuffer params;
    private final FloatBuffer grads;
    private final float[] p;
    private final float[] g;
    private final float[] m;
    private final float[] v;
    /** Whether updates clip the parameters, and the bound, rounded to float (as ND4J rounds its scalar). */
    private boolean clipping;
    private float clip;

    HeapAdamFloat(FloatBuffer params, FloatBuffer grads, int length) {
        this.params = params;
        this.grads = grads;
        this.p = new float[length];
        this.g = new float[length];
        this.m = new float[length];
        this.v = new float[length];
        parametersChanged();
    }

    @Override
    public void update(double lr, double beta1, double beta2, double eps, long step) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
        float e = (float) eps;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        for (int from = 0; from < p.length; from += Clip.CHUNK) {
            int to = Math.min(p.length, from + Clip.CHUNK);
            grads.get(from, g, from, to - from);
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + c1 * gi;
                float vi = b2 * v[i] + c2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
            }
            if (clipping) {
                Clip.clamp(p, from, to, clip);
            }
            params.put(from, p, from, to - from);
        }
    }

    @Override
    public INDArray firstMoment() {
        return Nd4j.createFromArray(m.clone());
    }

    @Override
    public INDArray secondMoment() {
        return Nd4j.createFromArray(v.clone());
    }

    @Override
    public byte[] firstMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(FloatBuffer.wrap(m), reuse);
    }

    @Override
    public byte[] secondMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(FloatBuffer.wrap(v), reuse);
    }

    @Override
    public void restore(INDArray firstMoment, INDArray secondMoment) {
        System.arraycopy(firstMoment.reshape(m.length).toFloatVector(), 0, m, 0, m.length);
        System.arraycopy(secondMoment.reshape(v.length).toFloatVector(), 0, v, 0, v.length);
    }

    @Override
    public void parametersChanged() {
        params.get(0, p, 0, p.length);
    }

    @Override
    public void clipParameters(double bound) {
        clipping = Clip.bound(bound) > 0;
        clip = (float) bound;
    }
}
