package org.gan4j.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import java.nio.file.StandardCopyOption;
import java.util.function.BiConsumer;
import org.gan4j.GanConfig;
import org.gan4j.GanResult;
import org.gan4j.GeneratorEma;
import org.gan4j.InstanceNoise;
import org.gan4j.Objective;
import org.gan4j.Recipes;
import org.gan4j.RunSpec;
import org.gan4j.io.GeneratorFile;
import org.gan4j.listeners.EpochLogListener;
import org.gan4j.listeners.RunLog;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;

/**
 * The {@code spark-submit} entry: {@code spark-submit --class org.gan4j.spark.SparkGanMain gan-spark.jar --workers 4
 * --global-batch 256 --steps 10000 --data /shared/mnist --out generator.zip}. The configuration is {@code --recipe}
 * or {@code --config} (a run spec in JSON, such as the {@code run.json} of a {@code gan4j train} run directory,
 * which holds every setting of {@code gan4j train}'s options), with {@code gan4j train}'s configuration options on
 * top ({@code --global-batch} for its {@code --batch-size}, {@code --steps}, {@code --epochs}, {@code --seed},
 * {@code --z-dim}, {@code --lr}, {@code --objective}, {@code --critic-steps}, {@code --r1}, {@code --g-optimizer},
 * {@code --d-optimizer}, {@code --lr-schedule}, {@code --ema}, {@code --instance-noise}); then {@code --workers}, {@code --master} (else spark-submit's),
 * {@code --conf key=value} (repeatable), {@code --timeout-seconds}, {@code --checkpoint-dir} with
 * {@code --checkpoint-every} (rank 0 writes them) and {@code --keep-checkpoints}, {@code --resume}, {@code --run-dir}
 * (the driver writes the run's metrics log, sample grids, TensorBoard logs and report there, as {@code gan4j train}
 * does). Data, checkpoint and resume paths may be Hadoop URIs. The generator file is written on the driver, which
 * prints one line per epoch.
 */
public final class SparkGanMain {

    private static final String USAGE = "usage: SparkGanMain --workers N --data MNIST_DIR --out GENERATOR_FILE "
            + "[--recipe NAME | --config RUN_JSON] [--global-batch B] [--steps N] [--epochs N] [--seed S] "
            + "[--z-dim Z] [--lr LR] [--objective NAME] [--critic-steps N] [--r1 GAMMA] [--g-optimizer SPEC] "
            + "[--d-optimizer SPEC] [--lr-schedule S] [--ema DECAY[,START]] [--instance-noise SIGMA,STEPS] "
            + "[--master URL] "
            + "[--conf key=value]... [--timeout-seconds T] "
            + "[--checkpoint-dir DIR --checkpoint-every N] [--keep-checkpoints K] [--resume CHECKPOINT] "
            + "[--run-dir DIR]";

    /**
     * The configuration's options, named and applied as {@code gan4j train} names and applies them (in its order),
     * on top of the recipe or {@code --config}'s spec; a value the builder refuses is reported with the option.
     */
    private static final Map<String, BiConsumer<GanConfig.Builder, String>> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("keep-checkpoints", (b, v) -> b.keepCheckpoints(Integer.parseInt(v)));
        SETTINGS.put("global-batch", (b, v) -> b.batchSize(Integer.parseInt(v)));
        SETTINGS.put("z-dim", (b, v) -> b.zDim(Integer.parseInt(v)));
        SETTINGS.put("lr", (b, v) -> b.learningRate(Double.parseDouble(v)));
        SETTINGS.put("objective", (b, v) -> b.objective(Objective.parse(v)));
        SETTINGS.put("critic-steps", (b, v) -> b.criticSteps(Integer.parseInt(v)));
        SETTINGS.put("r1", (b, v) -> b.r1Penalty(Double.parseDouble(v)));
        SETTINGS.put("g-optimizer", (b, v) -> b.generatorOptimizer(OptimizerSpec.parse(v)));
        SETTINGS.put("d-optimizer", (b, v) -> b.discriminatorOptimizer(OptimizerSpec.parse(v)));
        SETTINGS.put("lr-schedule", (b, v) -> b.learningRateSchedule(LearningRateSchedule.parse(v)));
        SETTINGS.put("ema", (b, v) -> b.generatorEma(GeneratorEma.parse(v)));
        SETTINGS.put("instance-noise", (b, v) -> b.instanceNoise(InstanceNoise.parse(v)));
        SETTINGS.put("epochs", (b, v) -> b.epochs(Integer.parseInt(v)));
        SETTINGS.put("steps", (b, v) -> b.maxSteps(Long.parseLong(v)));
        SETTINGS.put("seed", (b, v) -> b.seed(Long.parseLong(v)));
    }

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
     * @return the exit status: 0 (also after {@code --help}, which prints the usage), 2 for a usage error (one
     *     line, naming the option), 1 for a failed run (one line)
     */
    public static int run(String[] args, PrintStream err) {
        if (args.length == 0 || java.util.Arrays.asList(args).contains("--help")) {
            err.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
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
            workers = (int) whole("workers", required(options, "workers"));
            data = required(options, "data");
            out = Path.of(required(options, "out"));
            timeout = Duration.ofSeconds(whole("timeout-seconds", options.getOrDefault("timeout-seconds",
                    Long.toString(SparkGan.DEFAULT_TIMEOUT.toSeconds()))));
            if (options.containsKey("config") && options.containsKey("recipe")) {
                throw new IllegalArgumentException("--config and --recipe cannot be given together: the file holds "
                        + "the whole configuration");
            }
            GanConfig.Builder b = options.containsKey("config")
                    ? GanConfig.Builder.from(readSpec(options.get("config")))
                    : Recipes.named(options.getOrDefault("recipe", "reference")).builder();
            for (Map.Entry<String, BiConsumer<GanConfig.Builder, String>> setting : SETTINGS.entrySet()) {
                String value = options.get(setting.getKey());
                if (value != null) {
                    try {
                        setting.getValue().accept(b, value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--" + setting.getKey() + " " + value + ": "
                                + e.getMessage(), e);
                    }
                }
            }
            checkpointing = new SparkGan.Checkpointing(options.get("checkpoint-dir"),
                    whole("checkpoint-every", options.getOrDefault("checkpoint-every", "0")),
                    options.get("resume"));
            if ((checkpointing.dir() == null) != (checkpointing.every() <= 0)) {
                throw new IllegalArgumentException("--checkpoint-dir and a positive --checkpoint-every go together");
            }
            String runDir = options.get("run-dir");
            for (String known : new String[] {"workers", "data", "out", "timeout-seconds", "recipe", "master",
                "checkpoint-dir", "checkpoint-every", "resume", "run-dir", "config"}) {
                options.remove(known);
            }
            options.keySet().removeAll(SETTINGS.keySet());
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
            err.println("gan4j-spark: " + e.getMessage() + " (--help prints the usage)");
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

    /** A whole-number option's value; a value that is not one is named with its option. */
    private static long whole(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + value + "'", e);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
