package org.gan4j.nd4j.kernels;

import org.gan4j.io.ArrayBytes;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link EmaState} with ND4J ops, in place on the average's own array (one scratch vector, made once). */
final class PortableEma implements EmaState {

    private final INDArray live;
    private final INDArray ema;
    private final INDArray scratch;

    PortableEma(INDArray live, INDArray ema) {
        this.live = live;
        this.ema = ema;
        this.scratch = org.nd4j.linalg.factory.Nd4j.create(live.dataType(), live.shape());
        copyLive();
    }

    @Override
    public void copyLive() {
        ema.assign(live);
    }

    @Override
    public void update(double decay) {
        live.mul(1 - decay, scratch);
        ema.muli(decay).addi(scratch);
    }

    @Override
    public void publish() {
        // the average lives in its array already
    }

    @Override
    public byte[] bytes(byte[] reuse) {
        return ArrayBytes.toBytes(ema, reuse);
    }

    @Override
    public void restore(INDArray saved) {
        ema.assign(saved.reshape(ema.shape()));
    }
}
