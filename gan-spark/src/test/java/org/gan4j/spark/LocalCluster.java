package org.gan4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;

/**
 * What Spark's {@code local-cluster[N,cores,memory]} master needs outside Spark's own build: its workers take their
 * Spark home from {@code spark.test.home} when {@code spark.testing} is set, and build each executor's command there
 * ({@code WorkerCommandBuilder}); with {@code SPARK_TESTING=1} in the executor's environment the launcher does not
 * look for Spark's jars directory, and with {@code spark.testing} set the driver passes its own
 * {@code java.class.path} to the executors. {@code SPARK_SCALA_VERSION} spares the launcher its search for a build
 * directory. Spark adds its {@code --add-opens} list to the executors' options itself.
 */
final class LocalCluster {

    private LocalCluster() {
    }

    /**
     * Sets the two system properties (a Spark home directory created under {@code home}) until closed.
     *
     * @param home an empty directory to use as Spark's home (its {@code work} directory gets the executors' logs)
     * @return what restores the previous properties
     * @throws IOException if the directory cannot be created
     */
    static AutoCloseable properties(Path home) throws IOException {
        Files.createDirectories(home);
        String testing = System.getProperty("spark.testing");
        String testHome = System.getProperty("spark.test.home");
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.toAbsolutePath().toString());
        return () -> {
            restore("spark.testing", testing);
            restore("spark.test.home", testHome);
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** {@return a configuration of {@code workers} workers of one core each, one executor JVM per worker} */
    static SparkConf conf(int workers) {
        return new SparkConf().setMaster("local-cluster[" + workers + ",1,1024]").setAppName("gan4j-local-cluster")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "900m")
                .set("spark.executorEnv.SPARK_TESTING", "1")
                .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
    }
}
