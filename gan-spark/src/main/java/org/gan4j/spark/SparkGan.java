package org.gan4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.gan4j.Gan;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.RunSpec;
import org.gan4j.StepMetrics;
import org.gan4j.TrainingListener;
import org.gan4j.data.Dataset;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.DataParallelTraining;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Trains a GAN on a Spark cluster, data-parallel and synchronous ({@link DataParallelTraining}): one barrier stage of
 * {@code workers} tasks, gang-scheduled, each training one replica. The tasks publish their ring's listening address
 * once through {@link BarrierTaskContext#allGather(String)} (about a second, through the driver), then sum their
 * gradients at every step over a {@link RingAllReduce} between the executors, without Spark.
 *
 * <p>Each task needs a slot of its own ({@code spark.task.cpus} cores): a barrier stage with more tasks than free
 * slots does not start. Rank 0 writes checkpoints when asked ({@link Checkpointing}), in the single-process format.
 * A failed task (a worker that died, a peer that timed out) fails the whole attempt of the stage, never leaving
 * fewer replicas running; Spark then retries the stage ({@code spark.stage.maxConsecutiveAttempts}, 4 by default)
 * and every task of the retry resumes from rank 0's newest checkpoint (or starts again without one), so the run
 * ends with the bits of a run that never failed. When the retries are used up the job fails; it is continued by
 * calling again with {@code resumeFrom} the last checkpoint.
 */
public final class SparkGan {

    /** How long a task waits for its peers, to connect and at each exchange, before the run fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private SparkGan() {
    }

    /**
     * Trains on {@code workers} Spark tasks and returns rank 0's generator.
     *
     * @param spark     the Spark context
     * @param spec      the run, with the global batch size (a multiple of {@code workers}); it travels to the tasks as
     *                  JSON
     * @param mnistDir  a directory of MNIST's IDX files that every executor can read at this path
     * @param workers   the number of tasks, at least 1
     * @param timeout   how long a task waits for its peers
     * @return the trained generator, in the single-process generator file format ({@link GeneratorFile})
     * @throws IllegalArgumentException if {@code workers} is not positive or does not divide the batch size; a
     *                                  failed task (a peer that died or timed out, a file that cannot be read) comes
     *                                  back as Spark's exception for a failed job, with the task's error as its cause
     */
    public static byte[] train(JavaSparkContext spark, RunSpec spec, String mnistDir, int workers, Duration timeout) {
        return train(spark, spec, mnistDir, workers, timeout, Checkpointing.NONE);
    }

    /**
     * Where rank 0 writes checkpoints, and the checkpoint every worker resumes from.
     *
     * @param dir        a directory rank 0 writes checkpoints into (single-process format), or null for none
     * @param every      checkpoint every this many steps (with a directory), else 0
     * @param resumeFrom a checkpoint every worker can read at this path, to resume from; or null to start afresh
     */
    public record Checkpointing(String dir, long every, String resumeFrom) {
        /** No checkpoints, a fresh start. */
        public static final Checkpointing NONE = new Checkpointing(null, 0, null);
    }

    /**
     * Trains on {@code workers} Spark tasks, with checkpoints written by rank 0 and an optional resume, and returns
     * rank 0's generator.
     *
     * @param spark         the Spark context
     * @param spec          the run, with the global batch size
     * @param mnistDir      a directory of MNIST's IDX files that every executor can read at this path
     * @param workers       the number of tasks, at least 1
     * @param timeout       how long a task waits for its peers
     * @param checkpointing rank 0's checkpoints and the resume
     * @return the trained generator, in the single-process generator file format
     * @throws IllegalArgumentException as {@link #train(JavaSparkContext, RunSpec, String, int, Duration)}
     */
    public static byte[] train(JavaSparkContext spark, RunSpec spec, String mnistDir, int workers, Duration timeout,
            Checkpointing checkpointing) {
        return trainWithTimings(spark, spec, mnistDir, workers, timeout, checkpointing).generator();
    }

    /**
     * Trains as {@link #train(JavaSparkContext, RunSpec, String, int, Duration, Checkpointing)} and returns, beside
     * rank 0's generator, every worker's split of its wall time into compute and the gradient exchange
     * ({@link WorkerTiming}; after a retried attempt, the successful attempt's).
     *
     * @param spark         the Spark context
     * @param spec          the run, with the global batch size
     * @param mnistDir      a directory of MNIST's IDX files that every executor can read at this path
     * @param workers       the number of tasks, at least 1
     * @param timeout       how long a task waits for its peers
     * @param checkpointing rank 0's checkpoints and the resume
     * @return rank 0's generator and the workers' timings
     * @throws IllegalArgumentException as {@link #train(JavaSparkContext, RunSpec, String, int, Duration)}
     */
    public static Trained trainWithTimings(JavaSparkContext spark, RunSpec spec, String mnistDir, int workers,
            Duration timeout, Checkpointing checkpointing) {
        checkWorkers(spec, workers);
        return runStage(spark, new TrainingJob(spec.toJson(), mnistDir, workers, timeout.toMillis(), checkpointing,
                null, null, 0));
    }

    /**
     * Trains on {@code workers} Spark tasks as {@link Gan#trainer()} trains in one process: the configuration's
     * listeners run on the driver, with rank 0's events (the steps, each epoch's end with a copy of its generator,
     * each checkpoint, the end), and the result holds the driver's copies of rank 0's networks.
     *
     * <p>The listeners see each step once, also when a failed attempt of the stage was retried from a checkpoint
     * (the retry's replayed steps are the same bits and are not delivered again); {@code onStart} comes from the
     * first attempt. A listener that throws cancels the job, and this method throws its exception. Rank 0 waits for
     * the driver's listeners before each checkpoint, so a metrics log is complete up to every checkpoint.
     *
     * @param spark         the Spark context
     * @param config        the run, with the global batch size (a multiple of {@code workers}) and the listeners;
     *                      it must be expressible as a {@link RunSpec} (no custom networks), and periodic evaluation
     *                      is not available in this mode yet
     * @param mnistDir      a directory of MNIST's IDX files that the driver and every executor can read at this path
     * @param workers       the number of tasks, at least 1
     * @param timeout       how long a task waits for its peers and for the driver
     * @param checkpointing rank 0's checkpoints and the resume
     * @return the run's result, as a local run's: generator, discriminator, history and provenance
     * @throws IllegalArgumentException if {@code workers} is not positive or does not divide the batch size, or the
     *                                  configuration asks for periodic evaluation or has a checkpoint directory
     *                                  (give it as {@code checkpointing})
     * @throws IOException              if the driver cannot read the dataset or open the listeners' port
     */
    public static GanResult train(JavaSparkContext spark, GanConfig config, String mnistDir, int workers,
            Duration timeout, Checkpointing checkpointing) throws IOException {
        return train(spark, config, mnistDir, workers, timeout, checkpointing, null);
    }

    /** As the public entry, with a failure to simulate (tests only). */
    static GanResult train(JavaSparkContext spark, GanConfig config, String mnistDir, int workers,
            Duration timeout, Checkpointing checkpointing, SimulatedFailure failure) throws IOException {
        RunSpec spec = config.spec();
        checkWorkers(spec, workers);
        if (config.evaluation().isPresent()) {
            throw new IllegalArgumentException("evaluateEvery is not available in a Spark run yet: evaluate the "
                    + "returned generator (Gan.evaluator) instead");
        }
        if (config.checkpointDir().isPresent()) {
            throw new IllegalArgumentException("the configuration's checkpointDir " + config.checkpointDir().get()
                    + " would be each worker's own: give it as SparkGan.Checkpointing, which rank 0 writes");
        }
        Path scratch = Files.createTempDirectory("gan4j-driver-");
        Dataset dataset;
        try {
            dataset = HadoopPaths.loadMnist(mnistDir, scratch);
        } finally {
            BarrierWorker.deleteRecursively(scratch);
        }
        GanConfig labelled = org.gan4j.ClassLabels.withDatasetNames(config, dataset);
        DataParallelTraining.checkBatchesSplit(labelled, dataset, workers); // here, not in every task
        String group = "gan4j-" + java.util.UUID.randomUUID();
        InetAddress driver = InetAddress.getByName(spark.getConf().get("spark.driver.host"));
        try (DriverListeners listeners = new DriverListeners(labelled, dataset, Gan.engine(), driver,
                () -> spark.cancelJobGroup(group))) {
            spark.setJobGroup(group, "gan4j: " + workers + " workers", true);
            try {
                runStage(spark, new TrainingJob(spec.toJson(), mnistDir, workers, timeout.toMillis(), checkpointing,
                        failure,
                        listeners.address().getHostString() + ":" + listeners.address().getPort(),
                        listeners.token()));
            } catch (Exception e) { // Spark's SparkException is checked, though undeclared
                if (listeners.failure() != null) {
                    throw listeners.failure();
                }
                throw e;
            } finally {
                spark.clearJobGroup();
            }
            if (listeners.failure() != null) {
                throw listeners.failure();
            }
            return listeners.end();
        }
    }

    private static void checkWorkers(RunSpec spec, int workers) {
        DataParallelTraining.checkBatchSize(spec.batchSize(), workers);
    }

    /** As the public entry, with a failure to simulate (tests only). */
    static byte[] train(JavaSparkContext spark, RunSpec spec, String mnistDir, int workers, Duration timeout,
            Checkpointing checkpointing, SimulatedFailure failure) {
        checkWorkers(spec, workers);
        return runStage(spark, new TrainingJob(spec.toJson(), mnistDir, workers, timeout.toMillis(), checkpointing,
                failure, null, 0)).generator();
    }

    /** Runs the job's barrier stage: rank 0's generator file and every worker's timing. */
    private static Trained runStage(JavaSparkContext spark, TrainingJob job) {
        JavaRDD<Integer> ranks = spark.parallelize(IntStream.range(0, job.workers()).boxed().toList(), job.workers());
        ClassTag<WorkerOutput> outputs = ClassTag$.MODULE$.apply(WorkerOutput.class);
        RDD<WorkerOutput> trained = ranks.rdd().barrier().mapPartitions(new BarrierWorker(job), false, outputs);
        // The shuffle makes the barrier stage a map stage: when one of its tasks fails, Spark retries the whole
        // stage (a failed barrier result stage aborts the job instead), and the retry resumes from rank 0's last
        // checkpoint (BarrierWorker#resumePoint). XGBoost4J-Spark does the same.
        return collect(JavaRDD.fromRDD(trained, outputs).repartition(1).collect(), job.workers());
    }

    /**
     * What a run returns: rank 0's generator and where every worker spent its time.
     *
     * @param generator rank 0's generator, in the single-process generator file format
     * @param timings   every worker's timing, by rank
     */
    public record Trained(byte[] generator, List<WorkerTiming> timings) {
    }

    /**
     * What one task sends back: its timing ({@link WorkerTiming#toArray()}), and the generator's bytes from rank 0
     * (null from the others).
     */
    record WorkerOutput(int rank, long[] timing, byte[] generator) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Rank 0's generator and the timings in rank order, from the tasks' outputs. */
    static Trained collect(List<WorkerOutput> results, int workers) {
        if (results.size() != workers) {
            throw new IllegalStateException("expected one result from each of " + workers + " workers, got "
                    + results.size());
        }
        WorkerTiming[] timings = new WorkerTiming[workers];
        byte[] generator = null;
        for (WorkerOutput r : results) {
            timings[r.rank()] = WorkerTiming.fromArray(r.timing());
            if (r.rank() == 0) {
                generator = r.generator();
            }
        }
        if (generator == null) {
            throw new IllegalStateException("rank 0 returned no generator");
        }
        return new Trained(generator, List.of(timings));
    }

    /**
     * A task failure to simulate, for tests: the task of {@code rank} throws after {@code step} in the stage's first
     * attempt, as a worker that dies would end it.
     */
    record SimulatedFailure(int rank, long step) implements Serializable {
        TrainingListener listener() {
            return new TrainingListener() {
                @Override
                public void onStep(StepMetrics metrics) {
                    if (metrics.step() == step) {
                        throw new IllegalStateException("simulated failure of worker " + rank + " after step " + step);
                    }
                }
            };
        }
    }

    /** The host of {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal. */
    static String hostOf(String address) {
        if (address.startsWith("[")) {
            return address.substring(1, address.indexOf(']'));
        }
        int colon = address.indexOf(':');
        return colon >= 0 && colon == address.lastIndexOf(':') ? address.substring(0, colon) : address;
    }
}
