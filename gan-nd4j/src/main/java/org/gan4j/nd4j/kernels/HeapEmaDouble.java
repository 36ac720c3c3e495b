package org.gan4j.nd4j.kernels;

import java.nio.DoubleBuffer;
import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link EmaState} on the heap for double parameters in off-heap memory (as {@link HeapAdamDouble}): the live
 * parameters are copied in bulk and the average runs over Java arrays; the heap average is the source of truth and
 * is written to the average's array only by {@link #publish()}.
 */
final class HeapEmaDouble implements EmaState {

    private final DoubleBuffer live;
    private final DoubleBuffer target;
    private final double[] theta;
    private final double[] ema;

    HeapEmaDouble(DoubleBuffer live, DoubleBuffer target, int length) {
        this.live = live;
        this.target = target;
        this.theta = new double[length];
        this.ema = new double[length];
        copyLive();
    }

    @Override
    public void copyLive() {
        live.get(0, ema, 0, ema.length);
    }

    @Override
    public void update(double decay) {
        live.get(0, theta, 0, theta.length);
        double d = decay;
        double c = 1 - decay;
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
        return ArrayBytes.toBytes(DoubleBuffer.wrap(ema), reuse);
    }

    @Override
    public void restore(INDArray saved) {
        System.arraycopy(saved.reshape(ema.length).toDoubleVector(), 0, ema, 0, ema.length);
    }
}
