package org.gan4j.spark;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.GanConfig;
import org.gan4j.Recipes;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The benchmark of {@code bench/spark-scaling.sh} (not a test): data-parallel training in {@code local-cluster}
 * (one executor JVM per worker, one core each), per configuration steps/s and the split of a step into compute and
 * the exchange ({@link WorkerTiming}); and the ring's own time per sum for a range of sizes between two executor
 * JVMs.
 *
 * <pre>
 *   SparkScalingBench train MNIST_DIR RECIPE WORKERS PER_WORKER_BATCH STEPS [WARMUP_STEPS]
 *   SparkScalingBench ring  CHUNK SIZE...   (floats; CHUNK: whole (one message per hop), auto (the ring's own
 *                                           choice) or bytes; -Dgan4j.bench.ringWorkers=P executors, default 2)
 * </pre>
 *
 * A configuration runs a warm-up job first (the same executors, so their JIT is warm), then the measured job.
 */
public final class SparkScalingBench {

    private SparkScalingBench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path home = Files.createTempDirectory("gan4j-spark-bench");
        if (args[0].equals("train")) {
            String mnist = Path.of(args[1]).toAbsolutePath().normalize().toString();
            String recipe = args[2];
            int workers = Integer.parseInt(args[3]);
            int b = Integer.parseInt(args[4]);
            long steps = Long.parseLong(args[5]);
            long warmup = args.length > 6 ? Long.parseLong(args[6]) : Math.max(5, steps / 4);
            try (AutoCloseable cluster = LocalCluster.properties(home);
                    JavaSparkContext spark = new JavaSparkContext(LocalCluster.conf(workers))) {
                spark.setLogLevel("WARN");
                SparkGan.trainWithTimings(spark, config(recipe, workers * b, warmup).spec(), mnist, workers,
                        Duration.ofMinutes(10), SparkGan.Checkpointing.NONE);
                SparkGan.Trained t = SparkGan.trainWithTimings(spark, config(recipe, workers * b, steps).spec(),
                        mnist, workers, Duration.ofMinutes(10), SparkGan.Checkpointing.NONE);
                print(recipe, workers, b, t.timings());
            }
        } else if (args[0].equals("ring")) {
            int chunk = args[1].equals("whole") ? Integer.MAX_VALUE
                    : args[1].equals("auto") ? 0 : Integer.parseInt(args[1]);
            int[] sizes = Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray();
            int p = Integer.getInteger("gan4j.bench.ringWorkers", 2);
            try (AutoCloseable cluster = LocalCluster.properties(home);
                    JavaSparkContext spark = new JavaSparkContext(LocalCluster.conf(p))) {
                spark.setLogLevel("WARN");
                ClassTag<String> strings = ClassTag$.MODULE$.apply(String.class);
                List<String> lines = JavaRDD.fromRDD(spark.parallelize(
                        java.util.stream.IntStream.range(0, p).boxed().toList(), p).rdd().barrier()
                        .mapPartitions(new RingTimes(chunk, sizes), false, strings), strings).collect();
                System.out.println("# ring sum between " + p + " executor JVMs on 127.0.0.1 (rank 0's times), "
                        + (chunk == Integer.MAX_VALUE ? "whole arrays: " + 2 * (p - 1) + " messages per sum"
                        : chunk == 0 ? "the ring's own chunks (RingAllReduce.chunkBytesFor)"
                        : "chunks of " + chunk + " bytes"));
                System.out.println("floats     bytes  median_ms  min_ms  reps");
                lines.forEach(System.out::println);
            }
        } else {
            throw new IllegalArgumentException("train or ring, got " + args[0]);
        }
    }

    static GanConfig config(String recipe, int globalBatch, long steps) {
        GanConfig.Builder b = recipe.equals("reference") ? Recipes.reference() : Recipes.named(recipe).builder();
        return b.batchSize(globalBatch).maxSteps(steps).seed(1).build();
    }

    private static void print(String recipe, int workers, int b, List<WorkerTiming> timings) {
        long steps = timings.get(0).steps();
        long slowest = timings.stream().mapToLong(WorkerTiming::totalNanos).max().orElseThrow();
        double compute = timings.stream().mapToDouble(WorkerTiming::computeMillisPerStep).average().orElseThrow();
        double exchange = timings.stream().mapToDouble(WorkerTiming::exchangeMillisPerStep).average().orElseThrow();
        double gradients = timings.stream().mapToDouble(t -> t.floatNanos() / 1e6 / t.steps()).average()
                .orElseThrow();
        double perSum = timings.stream().mapToDouble(WorkerTiming::millisPerFloatSum).average().orElseThrow();
        System.out.printf("RESULT recipe=%s workers=%d batch_per_worker=%d global_batch=%d steps=%d steps_per_s=%.2f "
                        + "compute_ms_per_step=%.3f allreduce_ms_per_step=%.3f gradient_allreduce_ms_per_step=%.3f "
                        + "gradient_sums_per_step=%.1f floats_per_allreduce=%.0f ms_per_gradient_allreduce=%.3f%n",
                recipe, workers, b, workers * b, steps, steps / (slowest / 1e9), compute, exchange, gradients,
                (double) timings.get(0).floatSums() / steps, timings.get(0).floatsPerSum(), perSum);
        for (WorkerTiming t : timings) {
            System.out.println("  " + t);
        }
    }

    /** One task of the ring's benchmark: the ring, then per size a warm-up and timed sums; rank 0 reports. */
    private static final class RingTimes extends AbstractFunction1<scala.collection.Iterator<Integer>,
            scala.collection.Iterator<String>> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int chunk;
        private final int[] sizes;

        RingTimes(int chunk, int[] sizes) {
            this.chunk = chunk;
            this.sizes = sizes;
        }

        @Override
        public scala.collection.Iterator<String> apply(scala.collection.Iterator<Integer> partition) {
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            List<String> out = new ArrayList<>();
            try {
                InetAddress host = InetAddress.getByName("127.0.0.1");
                ServerSocket server = RingAllReduce.listen(host);
                String[] published = context.allGather(Integer.toString(server.getLocalPort()));
                List<InetSocketAddress> peers = new ArrayList<>();
                for (String port : published) {
                    peers.add(new InetSocketAddress(host, Integer.parseInt(port)));
                }
                try (RingAllReduce ring = RingAllReduce.connect(rank, peers, server, Duration.ofMinutes(2))) {
                    ring.chunkBytes(chunk);
                    for (int n : sizes) {
                        float[] v = new float[n];
                        // zeros: the sums stay zero (no overflow to infinities over thousands of calls)
                        // a fixed warm-up (both ranks must make the same calls), then about 2 s of sums, 10 to 2,000
                        int warm = 20;
                        long t0 = System.nanoTime();
                        for (int i = 0; i < warm; i++) {
                            ring.sumInPlace(v);
                        }
                        double perSum = (System.nanoTime() - t0) / (double) warm;
                        int reps = (int) Math.max(10, Math.min(2000, 2e9 / perSum));
                        float[] count = {reps};
                        ring.sumInPlace(count); // both ranks must make the same number of sums
                        reps = Math.round(count[0] / ring.worldSize()); // the mean of the ranks' counts
                        long[] times = new long[reps];
                        for (int i = 0; i < reps; i++) {
                            long s = System.nanoTime();
                            ring.sumInPlace(v);
                            times[i] = System.nanoTime() - s;
                        }
                        Arrays.sort(times);
                        if (rank == 0) {
                            out.add(String.format(Locale.ROOT, "%8d %9d %10.4f %7.4f %5d", n, 4L * n,
                                    times[reps / 2] / 1e6, times[0] / 1e6, reps));
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return CollectionConverters.asScala(out.iterator());
        }
    }
}
