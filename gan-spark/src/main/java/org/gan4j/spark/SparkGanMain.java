package org.gan4j.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.gan4j.GanConfig;
import org.gan4j.Recipes;

/**
 * The {@code spark-submit} entry: {@code spark-submit --class org.gan4j.spark.SparkGanMain gan-spark.jar --workers 4
 * --global-batch 256 --steps 10000 --data /shared/mnist --out generator.zip}. A first slice of the command line's
 * options: {@code --recipe}, {@code --global-batch}, {@code --steps}, {@code --epochs}, {@code --seed}, plus
 * {@code --workers}, {@code --master} (else spark-submit's), {@code --conf key=value} (repeatable),
 * {@code --timeout-seconds}, {@code --checkpoint-dir} with {@code --checkpoint-every} (rank 0 writes them),
 * {@code --resume}; the generator file is written on the driver.
 */
public final class SparkGanMain {

    private static final String USAGE = "usage: SparkGanMain --workers N --data MNIST_DIR --out GENERATOR_FILE "
            + "[--recipe NAME] [--global-batch B] [--steps N] [--epochs N] [--seed S] [--master URL] "
            + "[--conf key=value]... [--timeout-seconds T] "
            + "[--checkpoint-dir DIR --checkpoint-every N] [--resume CHECKPOINT]";

    private SparkGanMain() {
    }

    /**
     * Trains and writes the generator; exits with status 0, 2 for a usage error, 1 for a failed run.
     *
     * @param args the options of the class comment
     */
    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /**
     * {@link #main} without the exit.
     *
     * @param args the options
     * @param err  where usage errors and failures are printed
     * @return the exit status: 0, 2 for a usage error, 1 for a failed run
     */
    public static int run(String[] args, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> conf = new LinkedHashMap<>();
        GanConfig config;
        int workers;
        Path out;
        String data;
        Duration timeout;
        SparkGan.Checkpointing checkpointing;
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
                }
                String name = args[i].substring(2);
                if (name.equals("conf")) {
                    int eq = args[i + 1].indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--conf takes key=value, got '" + args[i + 1] + "'");
                    }
                    conf.put(args[i + 1].substring(0, eq), args[i + 1].substring(eq + 1));
                } else if (options.put(name, args[i + 1]) != null) {
                    throw new IllegalArgumentException("--" + name + " given twice");
                }
            }
            workers = Integer.parseInt(required(options, "workers"));
            data = required(options, "data");
            out = Path.of(required(options, "out"));
            timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds",
                    Long.toString(SparkGan.DEFAULT_TIMEOUT.toSeconds()))));
            GanConfig.Builder b = Recipes.named(options.getOrDefault("recipe", "reference")).builder();
            if (options.containsKey("global-batch")) {
                b.batchSize(Integer.parseInt(options.get("global-batch")));
            }
            if (options.containsKey("steps")) {
                b.maxSteps(Long.parseLong(options.get("steps")));
            }
            if (options.containsKey("epochs")) {
                b.epochs(Integer.parseInt(options.get("epochs")));
            }
            if (options.containsKey("seed")) {
                b.seed(Long.parseLong(options.get("seed")));
            }
            checkpointing = new SparkGan.Checkpointing(options.get("checkpoint-dir"),
                    Long.parseLong(options.getOrDefault("checkpoint-every", "0")), options.get("resume"));
            if ((checkpointing.dir() == null) != (checkpointing.every() <= 0)) {
                throw new IllegalArgumentException("--checkpoint-dir and a positive --checkpoint-every go together");
            }
            for (String known : new String[] {"workers", "data", "out", "timeout-seconds", "recipe", "global-batch",
                "steps", "epochs", "seed", "master", "checkpoint-dir", "checkpoint-every", "resume"}) {
                options.remove(known);
            }
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + options.keySet().iterator().next());
            }
            config = b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("gan4j-spark: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        SparkConf sparkConf = new SparkConf().setAppName("gan4j");
        String master = args.length > 0 ? masterOf(args) : null;
        if (master != null) {
            sparkConf.setMaster(master);
        }
        conf.forEach(sparkConf::set);
        try (JavaSparkContext spark = new JavaSparkContext(sparkConf)) {
            byte[] generator = SparkGan.train(spark, config.spec(), data, workers, timeout, checkpointing);
            Files.write(out, generator);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("gan4j-spark: the run failed: " + e.getMessage());
            return 1;
        }
    }

    private static String masterOf(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--master")) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
