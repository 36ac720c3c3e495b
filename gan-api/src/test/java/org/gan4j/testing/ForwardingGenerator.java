package org.gan4j.testing;

import org.gan4j.Generator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A hand-written generator for tests: forwards every call to another network and has no spec of its own, so the
 * library sees it as a user's own class. Override a method to break one rule of {@link org.gan4j.Network}'s contract.
 */
public class ForwardingGenerator implements Generator {

    private final Generator inner;

    /**
     * A generator that computes what {@code inner} computes.
     *
     * @param inner the network doing the work
     */
    public ForwardingGenerator(Generator inner) {
        this.inner = inner;
    }

    @Override
    public int inputSize() {
        return inner.inputSize();
    }

    @Override
    public int outputSize() {
        return inner.outputSize();
    }

    @Override
    public DataType dataType() {
        return inner.dataType();
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        return inner.forward(input, training);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        return inner.backward(gradOutput);
    }

    @Override
    public INDArray parameters() {
        return inner.parameters();
    }

    @Override
    public INDArray gradients() {
        return inner.gradients();
    }

    @Override
    public void zeroGrad() {
        inner.zeroGrad();
    }
}
