package org.gan4j.nd4j.kernels;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/** {@link RmsPropState} with ND4J ops, in PyTorch's order of operations. */
final class PortableRmsProp extends PortableSlots implements RmsPropState {

    private final boolean momentum;

    PortableRmsProp(INDArray params, INDArray grads, boolean momentum) {
        super(params, grads, momentum ? List.of("v", "buf") : List.of("v"), true);
        this.momentum = momentum;
    }

    @Override
    public void update(double lr, double alpha, double eps, double mu) {
        INDArray v = slot(0);
        // v = alpha v + ((1 - alpha) g) g
        grads.mul(1 - alpha, tmp);
        tmp.muli(grads);
        v.muli(alpha).addi(tmp);
        // avg = sqrt(v) + eps, in tmp2
        Nd4j.getExecutioner().exec(new Sqrt(v, tmp2));
        tmp2.addi(eps);
        if (momentum) {
            // buf = mu buf + g / avg ; p -= lr buf
            INDArray buf = slot(1);
            grads.div(tmp2, tmp);
            buf.muli(mu).addi(tmp);
            buf.mul(lr, tmp);
        } else {
            // p -= (lr g) / avg
            grads.mul(lr, tmp);
            tmp.divi(tmp2);
        }
        params.subi(tmp);
        constrain();
    }
}
