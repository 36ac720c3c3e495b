package org.gan4j.nd4j;

import org.gan4j.data.Dataset;

/**
 * A {@link TrainingStep} that hands every call to another (Guava's {@code Forwarding*} pattern): a step that changes
 * one part of another's work (a worker's slice, a counter) overrides that part only.
 */
abstract class ForwardingTrainingStep implements TrainingStep {

    /** The step the calls go to. */
    final TrainingStep inner;

    ForwardingTrainingStep(TrainingStep inner) {
        this.inner = inner;
    }

    @Override
    public void loadBatch(Dataset dataset, int[] order, int from, int count) {
        inner.loadBatch(dataset, order, from, count);
    }

    @Override
    public void run(int batch, long step) {
        inner.run(batch, step);
    }

    @Override
    public double lossD() {
        return inner.lossD();
    }

    @Override
    public double lossG() {
        return inner.lossG();
    }

    @Override
    public double meanDReal() {
        return inner.meanDReal();
    }

    @Override
    public double meanDFake() {
        return inner.meanDFake();
    }

    @Override
    public double[] extras() {
        return inner.extras();
    }
}
