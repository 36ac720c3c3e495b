package org.gan4j.spark;

import org.gan4j.nd4j.GradientExchange;

/**
 * A {@link GradientExchange} that passes every call to another one: the base of exchanges that add something around
 * the sums (counting and timing them, {@link TimedExchange}; failing on purpose, in tests) and override only that.
 */
public abstract class ForwardingExchange implements GradientExchange {

    /** The exchange every call goes to. */
    protected final GradientExchange inner;

    /**
     * Forwards to {@code inner}.
     *
     * @param inner the exchange that sums
     */
    protected ForwardingExchange(GradientExchange inner) {
        this.inner = inner;
    }

    @Override
    public int rank() {
        return inner.rank();
    }

    @Override
    public int workers() {
        return inner.workers();
    }

    @Override
    public void sum(float[] values) {
        inner.sum(values);
    }

    @Override
    public void sum(double[] values) {
        inner.sum(values);
    }
}
