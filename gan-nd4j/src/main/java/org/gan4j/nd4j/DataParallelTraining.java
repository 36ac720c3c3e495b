package org.gan4j.nd4j;

import java.util.Objects;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.data.Dataset;

/**
 * Synchronous data-parallel training: one worker of {@code P}, each running this with the same configuration, seed and
 * dataset, trains the same networks as one process with the configuration's batch size {@code B = P * b}.
 *
 * <ul>
 *   <li>Every worker draws the same data order and the same global noise (the run's seed and step counter), and takes
 *       rows {@code [r * b, (r + 1) * b)} of both: together the workers see the one process's batch.</li>
 *   <li>Before each optimizer update (D's, then G's) each worker's flat gradient buffer, the gradient of its mean
 *       loss over its {@code b} rows, is summed over the workers by the {@link GradientExchange} and divided by
 *       {@code P}: the gradient of the mean loss over the {@code B} rows, up to float rounding. Every worker then
 *       applies the same update to the same parameters, so the replicas stay identical to the bit.</li>
 *   <li>The step's metrics (the losses, D's mean outputs, the extras) are averaged the same way, so every worker's
 *       listeners see the global batch's means.</li>
 *   <li>A discriminator with batch normalisation normalises over each worker's {@code b} rows (PyTorch DDP without
 *       SyncBatchNorm); its running statistics stay per worker.</li>
 * </ul>
 *
 * Random draws are made for the global batch and sliced: the noise, WGAN-GP's weights, instance noise, a
 * conditional run's fake labels and the masks of dropout layers (each draws the masks of all the global batch's
 * rows, in one process's order, and applies its worker's rows'); R1 and critic steps draw nothing. Refused when the
 * run starts: a custom network with a random stream the step cannot slice, a penalty other than R1 and WGAN-GP.
 * The global batch, and the last batch of each epoch, must be multiples of {@code P} ({@link #checkBatchesSplit},
 * before the first step). Gradients travel through the
 * host: the ND4J CPU backend only. Listeners and checkpoints are the caller's to give to one worker (rank 0).
 */
public final class DataParallelTraining {

    private DataParallelTraining() {
    }

    /**
     * Trains this worker's replica.
     *
     * @param engine   the ND4J engine
     * @param config   the run, with the global batch size; the same on every worker (listeners and checkpoint
     *                 directory aside)
     * @param dataset  the whole dataset, the same on every worker
     * @param exchange the workers' collective; with one worker, the result is the single-process run's to the bit
     * @return this worker's result (every worker's networks are the same)
     * @throws IllegalArgumentException if a batch does not split evenly among the workers ({@link #checkBatchesSplit})
     * @throws IllegalStateException    if the configuration uses what this mode does not support yet
     */
    public static GanResult train(Nd4jEngine engine, GanConfig config, Dataset dataset, GradientExchange exchange) {
        return run(engine, config, dataset, exchange).run();
    }

    /**
     * Resumes this worker's replica from a checkpoint: one written by rank 0 of a data-parallel run, or by a
     * single-process run with the same configuration (the format and the state are the same). Every worker resumes
     * from the same file.
     *
     * @param engine     the ND4J engine
     * @param config     the run, as for {@link #train}
     * @param dataset    the whole dataset
     * @param exchange   the workers' collective
     * @param checkpoint the checkpoint file
     * @return this worker's result
     * @throws java.io.IOException if the checkpoint cannot be read
     * @throws IllegalArgumentException if a batch does not split evenly among the workers ({@link #checkBatchesSplit})
     */
    public static GanResult resume(Nd4jEngine engine, GanConfig config, Dataset dataset, GradientExchange exchange,
            java.nio.file.Path checkpoint) throws java.io.IOException {
        org.gan4j.nd4j.checkpoint.CheckpointFile.Contents contents =
                org.gan4j.nd4j.checkpoint.CheckpointFile.read(checkpoint);
        TrainingRun run = run(engine, config, dataset, exchange);
        run.restore(contents);
        return run.run();
    }

    /**
     * Checks that every batch of the run splits evenly among the workers: the global batch size, and the last batch
     * of each epoch (the dataset's size modulo the batch size) if the run reaches one, must be multiples of
     * {@code workers}.
     *
     * @param config  the run
     * @param dataset its dataset
     * @param workers the number of workers
     * @throws IllegalArgumentException if a batch would not split, naming the sizes and what would
     */
    public static void checkBatchesSplit(GanConfig config, Dataset dataset, int workers) {
        int batch = config.batchSize();
        checkBatchSize(batch, workers);
        int size = dataset.size();
        int last = size % batch;
        long perEpoch = size / batch + (last == 0 ? 0 : 1);
        long planned = Math.min(config.maxSteps().orElse(Long.MAX_VALUE), config.epochs() * perEpoch);
        boolean reachesLast = last != 0 && planned >= perEpoch; // a step limit may end the run before it
        if (reachesLast && last % workers != 0) {
            // with a batch size that is a multiple of the workers, last = size (mod workers): no batch size helps
            throw new IllegalArgumentException("the last batch of each epoch holds " + last + " images (" + size
                    + " images of " + dataset.name() + " modulo the batch size " + batch + "), which do not split "
                    + "evenly among " + workers + " workers, and no batch size that is a multiple of " + workers
                    + " would split it: train on " + (size - size % workers) + " of the images (Datasets.first), "
                    + "on a number of workers that divides " + size + ", or for fewer than " + perEpoch + " steps");
        }
    }

    /**
     * Checks that a global batch of {@code batch} images splits evenly among {@code workers} (the part of
     * {@link #checkBatchesSplit} that needs no dataset).
     *
     * @param batch   the global batch size
     * @param workers the number of workers, at least 1
     * @throws IllegalArgumentException if {@code workers} is not positive or does not divide {@code batch}, naming a
     *                                  batch size that it would
     */
    public static void checkBatchSize(int batch, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive, got " + workers);
        }
        if (batch % workers != 0) {
            throw new IllegalArgumentException("the batch size " + batch + " is not a multiple of the " + workers
                    + " workers; " + (batch / workers + 1) * workers + " would be");
        }
    }

    private static TrainingRun run(Nd4jEngine engine, GanConfig config, Dataset dataset, GradientExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        checkBatchesSplit(config, dataset, exchange.workers());
        GanConfig labelled = org.gan4j.ClassLabels.withDatasetNames(config, dataset);
        return new TrainingRun(engine, labelled, dataset,
                (c, d, n, state) -> new DataParallelStep((GanStep) GanSteps.create(c, d, n, state), exchange));
    }
}
