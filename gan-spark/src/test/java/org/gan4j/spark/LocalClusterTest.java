package org.gan4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.GanConfig;
import org.gan4j.io.GeneratorFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkGan} in {@code local-cluster[2,1,1024]}: a standalone master and two workers in this JVM, each starting
 * an executor JVM of its own, so the two replicas train in separate processes and their ring crosses processes.
 */
class LocalClusterTest {

    @TempDir
    Path tmp;

    @Test
    void twoExecutorJvmsTrainTheBitsOfTwoReplicasAddedInOneProcess() throws Exception {
        GanConfig config = DataParallelEquivalenceTest.config(50);
        SparkGan.Trained trained;
        try (AutoCloseable cluster = LocalCluster.properties(tmp.resolve("spark-home"));
                JavaSparkContext spark = new JavaSparkContext(LocalCluster.conf(2))) {
            assertThat(executorPids(spark)).doesNotContain(ProcessHandle.current().pid()).doesNotHaveDuplicates();
            trained = SparkGan.trainWithTimings(spark, config.spec(),
                    DataParallelEquivalenceTest.MNIST.toAbsolutePath().normalize().toString(), 2,
                    Duration.ofSeconds(120), SparkGan.Checkpointing.NONE);
        }
        Path file = tmp.resolve("generator.zip");
        Files.write(file, trained.generator());
        float[] fromCluster = GeneratorFile.load(file, 1).network().parameters().toFloatVector();
        assertThat(trained.timings()).extracting(WorkerTiming::steps).containsExactly(50L, 50L);

        // the reference of SparkGanTest: the two slices added by one process
        assertThat(fromCluster).isEqualTo(SparkGanTest.twoSlicesAddedInOneProcess(config));
    }

    /** The process ids of two barrier tasks: one executor JVM each, neither of them this one. */
    private static List<Long> executorPids(JavaSparkContext spark) {
        scala.reflect.ClassTag<Long> longs = scala.reflect.ClassTag$.MODULE$.apply(Long.class);
        return org.apache.spark.api.java.JavaRDD.fromRDD(spark.parallelize(List.of(0, 1), 2).rdd().barrier()
                .mapPartitions(new Pid(), false, longs), longs).collect();
    }

    private static final class Pid extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>,
            scala.collection.Iterator<Long>> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<Long> apply(scala.collection.Iterator<Integer> partition) {
            return scala.jdk.javaapi.CollectionConverters.asScala(List.of(ProcessHandle.current().pid()).iterator());
        }
    }
}
