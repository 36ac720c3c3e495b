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
 * slots does not start. A failed task fails the stage and the job. Rank 0 writes checkpoints when asked
 * ({@link Checkpointing}), in the single-process format; a failed job is continued by calling again with
 * {@code resumeFrom} the last checkpoint (no automatic restart yet).
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
     * What a run returns: rank 0's generator and where every worker spent its time.
     *
     * @param generator rank 0's generator, in the single-process generator file format
     * @param timings   every worker's timing, by rank
     */
    public record Trained(byte[] generator, List<WorkerTiming> timings) {
    }

    /**
     * Trains as {@link #train(JavaSparkContext, RunSpec, String, int, Duration, Checkpointing)} and returns, beside
     * rank 0's generator, every worker's split of its wall time into compute and the gradient exchange
     * ({@link WorkerTiming}).
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
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive, got " + workers);
        }
        if (spec.batchSize() % workers != 0) {
            throw new IllegalArgumentException("the global batch size " + spec.batchSize() + " is not a multiple of "
                    + workers + " workers");
        }
        JavaRDD<Integer> ranks = spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
        ClassTag<WorkerOutput> outputs = ClassTag$.MODULE$.apply(WorkerOutput.class);
        RDD<WorkerOutput> trained = ranks.rdd().barrier()
                .mapPartitions(new Worker(spec.toJson(), mnistDir, timeout.toMillis(),
                        checkpointing.dir(), checkpointing.every(), checkpointing.resumeFrom()), false, outputs);
        return collect(JavaRDD.fromRDD(trained, outputs).collect(), workers);
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

    /** One task: its address to the others, the ring, the replica's training; rank 0 returns the generator's bytes. */
    private static final class Worker extends AbstractFunction1<Iterator<Integer>, Iterator<WorkerOutput>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String specJson;
        private final String mnistDir;
        private final long timeoutMillis;
        private final String checkpointDir;
        private final long checkpointEvery;
        private final String resumeFrom;

        Worker(String specJson, String mnistDir, long timeoutMillis, String checkpointDir, long checkpointEvery,
                String resumeFrom) {
            this.checkpointDir = checkpointDir;
            this.checkpointEvery = checkpointEvery;
            this.resumeFrom = resumeFrom;
            this.specJson = specJson;
            this.mnistDir = mnistDir;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Iterator<WorkerOutput> apply(Iterator<Integer> partition) {
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            try {
                // the executor's host as Spark knows it (its task info says "host:port"); the OS chooses our port
                InetAddress host = InetAddress.getByName(hostOf(context.getTaskInfos()[rank].address()));
                ServerSocket server = RingAllReduce.listen(host);
                String[] published = context.allGather(host.getHostAddress() + ":" + server.getLocalPort());
                List<InetSocketAddress> peers = new ArrayList<>();
                for (String address : published) {
                    int colon = address.lastIndexOf(':');
                    peers.add(new InetSocketAddress(InetAddress.getByName(address.substring(0, colon)),
                            Integer.parseInt(address.substring(colon + 1))));
                }
                Dataset dataset = Mnist.load(Path.of(mnistDir));
                GanConfig.Builder builder = GanConfig.Builder.from(RunSpec.fromJson(specJson));
                if (rank == 0 && checkpointDir != null) {
                    builder.checkpointDir(Path.of(checkpointDir)).checkpointEvery(checkpointEvery);
                }
                GanConfig config = builder.build();
                GanResult result;
                WorkerTiming timing;
                try (RingAllReduce ring = RingAllReduce.connect(rank, peers, server,
                        Duration.ofMillis(timeoutMillis))) {
                    Nd4jEngine engine = (Nd4jEngine) Gan.engine();
                    TimedExchange exchange = new TimedExchange(new RingExchange(ring));
                    long start = System.nanoTime();
                    result = resumeFrom == null
                            ? DataParallelTraining.train(engine, config, dataset, exchange)
                            : DataParallelTraining.resume(engine, config, dataset, exchange,
                                    Path.of(resumeFrom));
                    timing = exchange.timing(result.provenance().steps(), System.nanoTime() - start);
                }
                byte[] generator = null;
                if (rank == 0) {
                    Path file = Files.createTempFile("gan4j-spark-generator", ".zip");
                    try {
                        GeneratorFile.save(file, result.generator(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        generator = Files.readAllBytes(file);
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }
                WorkerOutput output = new WorkerOutput(rank, timing.toArray(), generator);
                return CollectionConverters.asScala(List.of(output).iterator());
            } catch (IOException e) {
                throw new UncheckedIOException("gan4j worker " + rank + ": " + e.getMessage(), e);
            }
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
