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
import org.gan4j.RunSpec;
import org.gan4j.io.GeneratorFile;
import org.gan4j.listeners.EpochLogListener;
import org.gan4j.listeners.RunLog;

/**
 * The {@code spark-submit} entry: {@code spark-submit --class org.gan4j.spark.SparkGanMain gan-spark.jar --workers 4
 * --global-batch 256 --steps 10000 --data /shared/mnist --out generator.zip}. The configuration is {@code --recipe}
 * or {@code --config} (a run spec in JSON, such as the {@code run.json} of a {@code gan4j train} run directory,
 * which holds every setting of {@code gan4j train}'s options), with {@code --global-batch}, {@code --steps},
 * {@code --epochs}, {@code --seed} on top; then {@code --workers}, {@code --master} (else spark-submit's),
 * {@code --conf key=value} (repeatable), {@code --timeout-seconds}, {@code --checkpoint-dir} with
 * {@code --checkpoint-every} (rank 0 writes them) and {@code --keep-checkpoints}, {@code --resume}, {@code --run-dir}
 * (the driver writes the run's metrics log, sample grids, TensorBoard logs and report there, as {@code gan4j train}
 * does). Data, checkpoint and resume paths may be Hadoop URIs. The generator file is written on the driver, which
 * prints one line per epoch.
 */
public final class SparkGanMain {

    private static final String USAGE = "usage: SparkGanMain --workers N --data MNIST_DIR --out GENERATOR_FILE "
            + "[--recipe NAME | --config RUN_JSON] [--global-batch B] [--steps N] [--epochs N] [--seed S] [--master URL] "
            + "[--conf key=value]... [--timeout-seconds T] "
            + "[--checkpoint-dir DIR --checkpoint-every N] [--keep-checkpoints K] [--resume CHECKPOINT] "
            + "[--run-dir DIR]";

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
            if (options.containsKey("config") && options.containsKey("recipe")) {
                throw new IllegalArgumentException("--config and --recipe cannot be given together: the file holds "
                        + "the whole configuration");
            }
            GanConfig.Builder b = options.containsKey("config")
                    ? GanConfig.Builder.from(readSpec(options.get("config")))
                    : Recipes.named(options.getOrDefault("recipe", "reference")).builder();
            if (options.containsKey("keep-checkpoints")) {
                b.keepCheckpoints(Integer.parseInt(options.get("keep-checkpoints")));
            }
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
                "steps", "epochs", "seed", "master", "checkpoint-dir", "checkpoint-every", "resume", "run-dir", "config",
                "keep-checkpoints"}) {
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
            err.println("gan4j-spark: " + e.getMessage() + " (" + USAGE + ")");
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
            err.println("gan4j-spark: the run failed: " + oneLine(e));
            return 1;
        }
    }

    /** A run spec file, e.g. a {@code gan4j train} run directory's {@code run.json}; its errors name it. */
    private static RunSpec readSpec(String file) {
        try {
            return RunSpec.read(Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--config: " + e.getMessage(), e);
        }
    }

    /**
     * One line for a failed run: a task's own error where Spark's message carries one (Spark writes the failed
     * task's exception, stack trace and all, into its job's message), else the first line of the deepest message.
     */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        int worker = message.indexOf("gan4j worker ");
        String line = worker >= 0 ? message.substring(worker) : message;
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
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
