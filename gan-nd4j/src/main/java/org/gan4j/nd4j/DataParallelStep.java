package org.gan4j.nd4j;

import org.gan4j.data.Dataset;

/**
 * A {@link GanStep} on one worker's slice of each global batch: of the {@code B = P * b} images the loop hands out,
 * worker {@code r} takes positions {@code [r * b, (r + 1) * b)}; the step draws the global noise and keeps the same
 * rows of it, and averages gradients and metrics through the exchange ({@link GanStep#exchangeGradients}).
 */
final class DataParallelStep extends ForwardingTrainingStep {

    private final int rank;
    private final int workers;

    DataParallelStep(GanStep inner, GradientExchange exchange) {
        super(inner);
        this.rank = exchange.rank();
        this.workers = exchange.workers();
        inner.exchangeGradients(exchange);
    }

    private int slice(int count) {
        if (count % workers != 0) {
            throw new IllegalStateException("a batch of " + count + " images cannot be split evenly among " + workers
                    + " workers: the global batch size and the last batch of an epoch (dataset size modulo the batch "
                    + "size) must be multiples of the number of workers");
        }
        return count / workers;
    }

    @Override
    public void loadBatch(Dataset dataset, int[] order, int from, int count) {
        int b = slice(count);
        inner.loadBatch(dataset, order, from + rank * b, b);
    }

    @Override
    public void run(int batch, long step) {
        inner.run(slice(batch), step);
    }
}
