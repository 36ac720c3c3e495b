package org.gan4j.nd4j;

import org.gan4j.data.Dataset;

/**
 * What the training loop asks of a step strategy: take a batch of real images, run one step on it, and report its
 * metrics. {@link GanStep} is the single-process one; the loop (data order, checkpoints, listeners) does not depend on
 * how a step updates the networks, so another strategy (a distributed one that exchanges gradients) plugs in by
 * implementing this and registering its own state in the run's {@link RunState}.
 */
interface TrainingStep {

    /**
     * Makes a run's step; the strategy's own state (random streams, counters) goes into the run's
     * {@link RunState}, after the networks'.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * The step of a run.
         *
         * @param config   the run's configuration
         * @param dataset  its images
         * @param networks its networks, optimizers, loss and penalty
         * @param state    where the step registers what a checkpoint must hold of it
         * @return the step
         */
        TrainingStep create(org.gan4j.GanConfig config, Dataset dataset, RunNetworks networks, RunState state);
    }

    /**
     * Fills the next step's batch: the images (and, for a conditional step, their labels) at
     * {@code order[from .. from + count)}.
     *
     * @param dataset the run's dataset
     * @param order   this epoch's order of the dataset's indices
     * @param from    the first position in {@code order}
     * @param count   the batch size, positive
     */
    void loadBatch(Dataset dataset, int[] order, int from, int count);

    /**
     * Runs step number {@code step} of the run on the batch just loaded.
     *
     * @param batch the number of real images loaded
     * @param step  the run's step number, from 1
     */
    void run(int batch, long step);

    /** {@return the last step's discriminator loss} */
    double lossD();

    /** {@return the generator's last loss} */
    double lossG();

    /** {@return the last step's mean D(x): a probability for objectives on logits, else the critic's mean score} */
    double meanDReal();

    /** {@return the last step's mean D(G(z)), as {@link #meanDReal()}} */
    double meanDFake();

    /** {@return the last step's extra scalars, in {@link org.gan4j.MetricNames#extras()} order; not copied} */
    double[] extras();
}
