package org.gan4j.nd4j.kernels;

import java.nio.FloatBuffer;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link EmaState} on the heap for float parameters in off-heap memory: the live
 * parameters are copied in bulk and the average runs over Java arrays; the heap average is the source of truth and
 * is written to the average's array only by {@link #publish()}.
 */
final class HeapEmaFloat implements EmaState {

    private final FloatBuffer live;
    private final FloatBuffer target;
    private final float[] theta;
    private final float[] ema;

    HeapEmaFloat(FloatBuffer live, FloatBuffer target, int length) {
        this.live = live;
        this.target = target;
        this.theta = new float[length];
        this.ema = new float[length];
        copyLive();
    }

    @Override
    public void copyLive() {
        live.get(0, ema, 0, ema.length);
    }

    @Override
    public void update(double decay) {
        live.get(0, theta, 0, theta.length);
        float d = (float) decay;
        float c = (float) (1 - decay);
        for (int i = 0; i < ema.length; i++) {
            ema[i] = d * ema[i] + c * theta[i];
        }
    }

    @Override
    public void publish() {
        target.put(0, ema, 0, ema.length);
    }

    @Override
    public byte[] bytes(byte[] reuse) {
        return ArrayBytes.toBytes(FloatBuffer.wrap(ema), reuse);
    }

    @Override
    public void restore(INDArray saved) {
        System.arraycopy(saved.reshape(ema.length).toFloatVector(), 0, ema, 0, ema.length);
    }
}
