package org.gan4j.nd4j.kernels;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link SgdState} with ND4J ops. */
final class PortableSgd extends PortableSlots implements SgdState {

    private final boolean momentum;

    PortableSgd(INDArray params, INDArray grads, boolean momentum) {
        super(params, grads, momentum ? List.of("buf") : List.of(), false);
        this.momentum = momentum;
    }

    @Override
    public void update(double lr, double mu, boolean first) {
        if (momentum) {
            INDArray buf = slot(0);
            if (first) {
                buf.assign(grads);
            } else {
                buf.muli(mu).addi(grads);
            }
            buf.mul(lr, tmp);
        } else {
            grads.mul(lr, tmp);
        }
        params.subi(tmp);
        constrain();
    }
}
