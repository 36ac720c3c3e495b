package org.gan4j.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import java.nio.file.StandardCopyOption;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.Recipes;
import org.gan4j.io.GeneratorFile;
import org.gan4j.listeners.EpochLogListener;
import org.gan4j.listeners.RunLog;

/**
 * The {@code spark-submit} entry: {@code spark-submit --class org.gan4j.spark.SparkGanMain gan-spark.jar --workers 4
 * --global-batch 256 --steps 10000 --data /shared/mnist --out generator.zip}. A first slice of the command line's
 * options: {@code --recipe}, {@code --global-batch}, {@code --steps}, {@code --epochs}, {@code --seed}, plus
 * {@code --workers}, {@code --master} (else spark-submit's), {@code --conf key=value} (repeatable),
 * {@code --timeout-seconds}, {@code --checkpoint-dir} with {@code --checkpoint-every} (rank 0 writes them),
 * {@code --resume}, {@code --run-dir} (the driver writes the run's metrics log, sample grids, TensorBoard logs and
 * report there, as {@code gan4j train} does); the generator file is written on the driver, and the driver prints
 * one line per epoch.
 */
public final class SparkGanMain {

    private static final String USAGE = "usage: SparkGanMain --workers N --data MNIST_DIR --out GENERATOR_FILE "
            + "[--recipe NAME] [--global-batch B] [--steps N] [--epochs N] [--seed S] [--master URL] "
            + "[--conf key=value]... [--timeout-seconds T] "
            + "[--checkpoint-dir DIR --checkpoint-every N] [--resume CHECKPOINT] [--run-dir DIR]";

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
        RunLog runLog = null;
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
            String runDir = options.get("run-dir");
            for (String known : new String[] {"workers", "data", "out", "timeout-seconds", "recipe", "global-batch",
                "steps", "epochs", "seed", "master", "checkpoint-dir", "checkpoint-every", "resume", "run-dir"}) {
                options.remove(known);
            }
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + options.keySet().iterator().next());
            }
            b.listener(new EpochLogListener(err));
            if (runDir != null) {
                runLog = RunLog.in(Path.of(runDir));
                b.listener(runLog);
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
        try (RunLog closing = runLog; JavaSparkContext spark = new JavaSparkContext(sparkConf)) {
            GanResult result = SparkGan.train(spark, config, data, workers, timeout, checkpointing);
            GeneratorFile.save(out, result.generator(), StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (Exception e) {
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
