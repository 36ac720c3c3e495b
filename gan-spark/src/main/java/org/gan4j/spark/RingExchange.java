package org.gan4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.gan4j.nd4j.GradientExchange;

/**
 * The {@link GradientExchange} of a data-parallel run over a {@link RingAllReduce}: its sums, in its rank order, and
 * its failures as {@link UncheckedIOException}s that end the step (and with it the Spark task).
 */
public final class RingExchange implements GradientExchange {

    private final RingAllReduce ring;

    /**
     * An exchange over a connected ring.
     *
     * @param ring the ring; closing it is the caller's
     */
    public RingExchange(RingAllReduce ring) {
        this.ring = ring;
    }

    @Override
    public int rank() {
        return ring.rank();
    }

    @Override
    public int workers() {
        return ring.worldSize();
    }

    @Override
    public void sum(float[] values) {
        try {
            ring.sumInPlace(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void sum(double[] values) {
        try {
            ring.sumInPlace(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
