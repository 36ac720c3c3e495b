package org.gan4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.gan4j.data.Mnist;
import org.gan4j.io.GeneratorFile;
import org.gan4j.nd4j.DataParallelTraining;
import org.gan4j.nd4j.Nd4jEngine;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

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
        checkWorkers(spec, workers);
        return runStage(spark, new Job(spec.toJson(), mnistDir, workers, timeout.toMillis(), checkpointing, null,
                null, 0));
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
            Worker.deleteRecursively(scratch);
        }
        GanConfig labelled = org.gan4j.ClassLabels.withDatasetNames(config, dataset);
        DataParallelTraining.checkBatchesSplit(labelled, dataset, workers); // here, not in every task
        String group = "gan4j-" + java.util.UUID.randomUUID();
        InetAddress driver = InetAddress.getByName(spark.getConf().get("spark.driver.host"));
        try (DriverListeners listeners = new DriverListeners(labelled, dataset, Gan.engine(), driver,
                () -> spark.cancelJobGroup(group))) {
            spark.setJobGroup(group, "gan4j: " + workers + " workers", true);
            try {
                runStage(spark, new Job(spec.toJson(), mnistDir, workers, timeout.toMillis(), checkpointing, failure,
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
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive, got " + workers);
        }
        if (spec.batchSize() % workers != 0) {
            throw new IllegalArgumentException("the global batch size " + spec.batchSize() + " is not a multiple of "
                    + workers + " workers");
        }
    }

    /** As the public entry, with a failure to simulate (tests only). */
    static byte[] train(JavaSparkContext spark, RunSpec spec, String mnistDir, int workers, Duration timeout,
            Checkpointing checkpointing, SimulatedFailure failure) {
        checkWorkers(spec, workers);
        return runStage(spark, new Job(spec.toJson(), mnistDir, workers, timeout.toMillis(), checkpointing, failure,
                null, 0));
    }

    /** Runs the job's barrier stage and returns rank 0's generator file. */
    private static byte[] runStage(JavaSparkContext spark, Job job) {
        JavaRDD<Integer> ranks = spark.parallelize(IntStream.range(0, job.workers()).boxed().toList(), job.workers());
        ClassTag<byte[]> bytes = ClassTag$.MODULE$.apply(byte[].class);
        RDD<byte[]> trained = ranks.rdd().barrier().mapPartitions(new Worker(job), false, bytes);
        // The shuffle makes the barrier stage a map stage: when one of its tasks fails, Spark retries the whole
        // stage (a failed barrier result stage aborts the job instead), and the retry resumes from rank 0's last
        // checkpoint (Worker#resumePoint). XGBoost4J-Spark does the same.
        List<byte[]> results = JavaRDD.fromRDD(trained, bytes).repartition(1).collect();
        if (results.size() != 1) {
            throw new IllegalStateException("expected rank 0's generator alone, got " + results.size() + " results");
        }
        return results.get(0);
    }

    /**
     * What every task of a job is given.
     *
     * @param specJson      the run
     * @param mnistDir      the dataset's directory
     * @param workers       the number of tasks
     * @param timeoutMillis how long a task waits for its peers and the driver
     * @param checkpointDir   where rank 0 writes checkpoints, or null
     * @param checkpointEvery steps between them
     * @param resumeFrom      the checkpoint to resume from, or null
     * @param failure       a failure to simulate, or null
     * @param relay         the driver's listener relay as {@code host:port}, or null for none
     * @param relayToken    the token the relay expects
     */
    private record Job(String specJson, String mnistDir, int workers, long timeoutMillis, String checkpointDir,
            long checkpointEvery, String resumeFrom, SimulatedFailure failure, String relay, long relayToken)
            implements Serializable {
        Job(String specJson, String mnistDir, int workers, long timeoutMillis, Checkpointing checkpointing,
                SimulatedFailure failure, String relay, long relayToken) {
            this(specJson, mnistDir, workers, timeoutMillis, checkpointing.dir(), checkpointing.every(),
                    checkpointing.resumeFrom(), failure, relay, relayToken);
        }
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

    /** One task: its address to the others, the ring, the replica's training; rank 0 returns the generator's bytes. */
    private static final class Worker extends AbstractFunction1<Iterator<Integer>, Iterator<byte[]>>
            implements Serializable {
        private static final long serialVersionUID = 2L;
        private final Job job;

        Worker(Job job) {
            this.job = job;
        }

        @Override
        public Iterator<byte[]> apply(Iterator<Integer> partition) {
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            int attempt = context.stageAttemptNumber();
            Duration timeout = Duration.ofMillis(job.timeoutMillis());
            Path scratch = null;
            try {
                // local copies of what lives on a Hadoop file system: the dataset, the checkpoint resumed from,
                // rank 0's checkpoints before they are copied out
                scratch = Files.createTempDirectory("gan4j-task-" + rank + "-");
                // the executor's host as Spark knows it (its task info says "host:port"); the OS chooses our port
                InetAddress host = InetAddress.getByName(hostOf(context.getTaskInfos()[rank].address()));
                ServerSocket server = RingAllReduce.listen(host);
                // rank 0 alone decides where a retried attempt resumes (a checkpoint could appear while the others
                // look) and tells them with its address
                String resumePoint = rank == 0 ? resumePoint(attempt) : "";
                String[] published = context.allGather(host.getHostAddress() + ":" + server.getLocalPort()
                        + "\n" + resumePoint);
                String resumeFrom = published[0].substring(published[0].indexOf('\n') + 1);
                Path resume = resumeFrom.isEmpty() ? null : HadoopPaths.localFile(resumeFrom, scratch);
                List<InetSocketAddress> peers = new ArrayList<>();
                for (String message : published) {
                    peers.add(socketAddress(message.substring(0, message.indexOf('\n'))));
                }
                Dataset dataset = HadoopPaths.loadMnist(job.mnistDir(), scratch);
                GanConfig.Builder builder = GanConfig.Builder.from(RunSpec.fromJson(job.specJson()));
                if (rank == 0 && job.checkpointDir() != null) {
                    boolean remote = HadoopPaths.isUri(job.checkpointDir());
                    Path dir = remote ? scratch.resolve("checkpoints") : Path.of(job.checkpointDir());
                    builder.checkpointDir(dir).checkpointEvery(job.checkpointEvery());
                    if (remote) {
                        builder.listener(new CheckpointUpload(dir, job.checkpointDir(),
                                GanConfig.Builder.from(RunSpec.fromJson(job.specJson())).build().keepCheckpoints()));
                    }
                }
                try (ListenerRelay relay = rank == 0 && job.relay() != null
                        ? new ListenerRelay(socketAddress(job.relay()), job.relayToken(), timeout) : null) {
                    if (relay != null) {
                        builder.listener(relay);
                    }
                    SimulatedFailure failure = job.failure();
                    if (failure != null && failure.rank() == rank && attempt == 0) {
                        builder.listener(failure.listener());
                    }
                    GanConfig config = builder.build();
                    GanResult result;
                    try (RingAllReduce ring = RingAllReduce.connect(rank, peers, server, timeout)) {
                        Nd4jEngine engine = (Nd4jEngine) Gan.engine();
                        RingExchange exchange = new RingExchange(ring);
                        result = resume == null
                                ? DataParallelTraining.train(engine, config, dataset, exchange)
                                : DataParallelTraining.resume(engine, config, dataset, exchange, resume);
                    }
                    List<byte[]> out = new ArrayList<>();
                    if (rank == 0) {
                        out.add(generatorFile(result));
                    }
                    return CollectionConverters.asScala(out.iterator());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("gan4j worker " + rank + ": " + e.getMessage(), e);
            } finally {
                deleteRecursively(scratch);
            }
        }

        /**
         * Where this attempt of the stage starts: a retry (attempt > 0) from the newest checkpoint rank 0 wrote, if
         * any; otherwise from the checkpoint the caller gave, or afresh (the empty string).
         */
        private String resumePoint(int attempt) throws IOException {
            if (attempt > 0 && job.checkpointDir() != null) {
                List<String> written = HadoopPaths.checkpoints(job.checkpointDir());
                if (!written.isEmpty()) {
                    return written.get(written.size() - 1);
                }
            }
            return job.resumeFrom() == null ? "" : job.resumeFrom();
        }

        private static void deleteRecursively(Path dir) {
            if (dir == null) {
                return;
            }
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is not worth failing the task for
            }
        }

        private static byte[] generatorFile(GanResult result) throws IOException {
            Path file = Files.createTempFile("gan4j-spark-generator", ".zip");
            try {
                GeneratorFile.save(file, result.generator(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        private static InetSocketAddress socketAddress(String hostAndPort) throws IOException {
            int colon = hostAndPort.lastIndexOf(':');
            return new InetSocketAddress(InetAddress.getByName(hostAndPort.substring(0, colon)),
                    Integer.parseInt(hostAndPort.substring(colon + 1)));
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
