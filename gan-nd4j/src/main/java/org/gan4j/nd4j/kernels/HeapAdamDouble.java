package org.gan4j.nd4j.kernels;

import java.nio.DoubleBuffer;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam on the heap for double parameters (gradient checks, double-precision training): whole heap copies of the
 * gradients and parameters, the update in chunks. Not split into chunk arrays as {@link HeapAdamFloat} is: double
 * runs are for checking, not for speed.
 */
final class HeapAdamDouble implements AdamState {

    private final DoubleBuffer params;
    private final DoubleBuffer grads;
    private final double[] p;
    private final double[] g;
    private final double[] m;
    private final double[] v;
    /** The clipping bound; 0 for none. */
    private double clip;

    HeapAdamDouble(DoubleBuffer params, DoubleBuffer grads, int length) {
        this.params = params;
        this.grads = grads;
        this.p = new double[length];
        this.g = new double[length];
        this.m = new double[length];
        this.v = new double[length];
        parametersChanged();
    }

    @Override
    public void update(double lr, double beta1, double beta2, double eps, long step) {
        update(lr, beta1, beta2, eps, step, 0, p.length);
    }

    @Override
    public void update(double lr, double beta1, double beta2, double eps, long step, long first, long end) {
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, step));
        int last = Math.toIntExact(end);
        for (int from = Math.toIntExact(first); from < last; from += Clip.CHUNK) {
            int to = Math.min(last, from + Clip.CHUNK);
            grads.get(from, g, from, to - from);
            for (int i = from; i < to; i++) {
                double gi = g[i];
                double mi = beta1 * m[i] + (1 - beta1) * gi;
                double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] -= stepSize * mi / (Math.sqrt(vi) / sqrtBc2 + eps);
            }
            if (clip > 0) {
                Clip.clamp(p, from, to, clip);
            }
            params.put(from, p, from, to - from);
        }
    }

    @Override
    public boolean updatesInPartsPay() {
        return true;
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
        return ArrayBytes.toBytes(DoubleBuffer.wrap(m), reuse);
    }

    @Override
    public byte[] secondMomentBytes(byte[] reuse) {
        return ArrayBytes.toBytes(DoubleBuffer.wrap(v), reuse);
    }

    @Override
    public void restore(INDArray firstMoment, INDArray secondMoment) {
        System.arraycopy(firstMoment.reshape(m.length).toDoubleVector(), 0, m, 0, m.length);
        System.arraycopy(secondMoment.reshape(v.length).toDoubleVector(), 0, v, 0, v.length);
    }

    @Override
    public void parametersChanged() {
        params.get(0, p, 0, p.length);
    }

    @Override
    public void clipParameters(double bound) {
        clip = Clip.bound(bound);
    }
}
