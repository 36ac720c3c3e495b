package org.gan4j.examples;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * The settings a run started with ({@code run-options.properties} in its run directory), so that
 * {@code train --resume} continues it with the same data and configuration. The file's first line,
 * {@value #HEADER_LINE} (the same since the first release), is what marks a directory as a run of {@code gan4j train}.
 */
final class RunOptions {

    static final String FILE = "run-options.properties";
    /** The comment written at the top of the file. */
    static final String HEADER = "gan4j train options, read by --resume";
    /** The file's first line, as {@link Properties#store} writes {@link #HEADER}. */
    static final String HEADER_LINE = "#" + HEADER;
    /** Larger files are refused unread: what gan4j writes is a few hundred bytes. */
    static final long MAX_BYTES = 64 * 1024;

    private RunOptions() {
    }

    static void save(Path dir, TrainCommand t) throws IOException {
        Properties p = new Properties();
        p.setProperty("seed", Long.toString(t.seed));
        p.setProperty("recipe", t.recipe);
        if (t.configFile != null) {
            p.setProperty("config", ConfigFile.NAME); // started from a spec: a resume reads the run's own copy
        }
        if (t.batchSize != null) {
            p.setProperty("batchSize", Integer.toString(t.batchSize));
        }
        if (t.zDim != null) {
            p.setProperty("zDim", Integer.toString(t.zDim));
        }
        if (t.learningRate != null) {
            p.setProperty("learningRate", Double.toString(t.learningRate));
        }
        if (t.objective != null) {
            p.setProperty("objective", t.objective);
        }
        if (t.criticSteps != null) {
            p.setProperty("criticSteps", Integer.toString(t.criticSteps));
        }
        if (t.r1 != null) {
            p.setProperty("r1", Double.toString(t.r1));
        }
        putOptimizers(p, t);
        if (t.length.epochs != null) {
            p.setProperty("epochs", Integer.toString(t.length.epochs));
        }
        if (t.length.steps != null) {
            p.setProperty("steps", Long.toString(t.length.steps));
        }
        if (t.checkpointEvery != null) {
            p.setProperty("checkpointEvery", Long.toString(t.checkpointEvery));
        }
        if (t.keepCheckpoints != null) {
            p.setProperty("keepCheckpoints", Integer.toString(t.keepCheckpoints));
        }
        DataSource d = t.data;
        if (d.dataset != null) {
            p.setProperty("dataset", d.dataset);
        }
        if (d.cacheDir != null) {
            p.setProperty("cacheDir", d.cacheDir.toAbsolutePath().toString());
        }
        if (d.mirrors != null) {
            p.setProperty("mirrors", String.join(" ", d.mirrors.stream().map(URI::toString).toList()));
        }
        p.setProperty("imageSize", d.imageSize);
        p.setProperty("channels", Integer.toString(d.channels));
        p.setProperty("skipBadImages", Boolean.toString(d.skipBadImages));
        // Atomic: a run killed while writing it leaves the old file or none, never one that marks a broken run.
        org.gan4j.io.AtomicFiles.write(dir.resolve(FILE), o -> {
            Writer w = new java.io.OutputStreamWriter(o, java.nio.charset.StandardCharsets.UTF_8); // as load reads it
            p.store(w, HEADER);
            w.flush();
        });
    }

    /** --g-optimizer, --d-optimizer, --lr-schedule, --ema and --instance-noise, in their text forms, if given. */
    private static void putOptimizers(Properties p, TrainCommand t) {
        if (t.generatorOptimizer != null) {
            p.setProperty("generatorOptimizer", t.generatorOptimizer);
        }
        if (t.discriminatorOptimizer != null) {
            p.setProperty("discriminatorOptimizer", t.discriminatorOptimizer);
        }
        if (t.lrSchedule != null) {
            p.setProperty("lrSchedule", t.lrSchedule);
        }
        if (t.ema != null) {
            p.setProperty("ema", t.ema);
        }
        if (t.instanceNoise != null) {
            p.setProperty("instanceNoise", t.instanceNoise);
        }
    }

    /** Reads what {@link #putOptimizers} wrote, each checked (a damaged value is an error naming the file). */
    private static void getOptimizers(Properties p, TrainCommand t) {
        t.generatorOptimizer = p.getProperty("generatorOptimizer");
        t.discriminatorOptimizer = p.getProperty("discriminatorOptimizer");
        t.lrSchedule = p.getProperty("lrSchedule");
        if (t.generatorOptimizer != null) {
            org.gan4j.optim.OptimizerSpec.parse(t.generatorOptimizer);
        }
        if (t.discriminatorOptimizer != null) {
            org.gan4j.optim.OptimizerSpec.parse(t.discriminatorOptimizer);
        }
        if (t.lrSchedule != null) {
            org.gan4j.optim.LearningRateSchedule.parse(t.lrSchedule);
        }
        t.ema = p.getProperty("ema");
        if (t.ema != null) {
            org.gan4j.GeneratorEma.parse(t.ema);
        }
        t.instanceNoise = p.getProperty("instanceNoise");
        if (t.instanceNoise != null) {
            org.gan4j.InstanceNoise.parse(t.instanceNoise);
        }
    }

    /**
     * The options file of a run to resume.
     *
     * @param dir the run directory
     * @return its {@value #FILE}
     * @throws NoSuchFileException if there is none: {@code dir} is not a run directory of {@code gan4j train}
     */
    static Path requireRun(Path dir) throws NoSuchFileException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a run directory of 'gan4j train' (no " + FILE
                    + ")");
        }
        return file;
    }

    /**
     * Whether a directory is a run of {@code gan4j train}: it holds a {@value #FILE} that this class wrote.
     *
     * @param dir a directory
     * @return true if {@value #FILE} is a regular file starting with {@value #HEADER_LINE}
     */
    static boolean marksRun(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        // Latin-1 decodes any bytes: only the ASCII first line matters here.
        try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return HEADER_LINE.equals(r.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The dataset a run trained on, as {@code --dataset} named it.
     *
     * @param dir the run directory
     * @return the {@code --dataset} value, or null for the embedded digits
     * @throws IOException if {@code dir} is not a run directory or its options cannot be read
     */
    static String datasetOf(Path dir) throws IOException {
        return read(dir).getProperty("dataset");
    }

    private static Properties read(Path dir) throws IOException {
        Path file = requireRun(dir);
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes; a run's options take a few hundred (at most " + MAX_BYTES
                    + " read)");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text (damaged, or not written by gan4j train)", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": damaged (" + e.getMessage() + ")", e);
        }
        return p;
    }

    /**
     * Restores the options; a length, {@code --checkpoint-every} or {@code --keep-checkpoints} given on the resume
     * command line wins over the saved one.
     */
    static void load(Path dir, TrainCommand t) throws IOException {
        Properties p = read(dir);
        Path file = dir.resolve(FILE);
        try {
            t.seed = Long.parseLong(p.getProperty("seed"));
            // Runs of the first release saved every value and no recipe: those are reference runs.
            t.recipe = p.getProperty("recipe", "reference");
            t.configFile = p.getProperty("config") == null ? null : dir.resolve(ConfigFile.NAME);
            t.batchSize = p.getProperty("batchSize") == null ? null : Integer.valueOf(p.getProperty("batchSize"));
            t.zDim = p.getProperty("zDim") == null ? null : Integer.valueOf(p.getProperty("zDim"));
            t.learningRate = p.getProperty("learningRate") == null ? null
                    : Double.valueOf(p.getProperty("learningRate"));
            t.objective = p.getProperty("objective");
            t.criticSteps = p.getProperty("criticSteps") == null ? null
                    : Integer.valueOf(p.getProperty("criticSteps"));
            t.r1 = p.getProperty("r1") == null ? null : Double.valueOf(p.getProperty("r1"));
            getOptimizers(p, t);
            if (t.length.epochs == null && t.length.steps == null) {
                if (p.getProperty("steps") != null) {
                    t.length.steps = Long.parseLong(p.getProperty("steps"));
                } else if (p.getProperty("epochs") != null) {
                    t.length.epochs = Integer.parseInt(p.getProperty("epochs"));
                }
            }
            if (t.checkpointEvery == null && p.getProperty("checkpointEvery") != null) {
                t.checkpointEvery = Long.parseLong(p.getProperty("checkpointEvery"));
            }
            if (t.keepCheckpoints == null && p.getProperty("keepCheckpoints") != null) {
                t.keepCheckpoints = Integer.parseInt(p.getProperty("keepCheckpoints"));
            }
            DataSource d = t.data;
            d.dataset = p.getProperty("dataset");
            if (p.getProperty("cacheDir") != null && p.getProperty("cacheDir").isBlank()) {
                throw new IllegalArgumentException("cacheDir is empty"); // would mean the current directory
            }
            d.cacheDir = p.getProperty("cacheDir") == null ? null : Path.of(p.getProperty("cacheDir"));
            d.mirrors = p.getProperty("mirrors") == null ? null
                    : Arrays.stream(p.getProperty("mirrors").split(" ")).map(URI::create).toList();
            d.imageSize = p.getProperty("imageSize", "28x28");
            d.channels = Integer.parseInt(p.getProperty("channels", "1"));
            d.skipBadImages = Boolean.parseBoolean(p.getProperty("skipBadImages", "false"));
        } catch (RuntimeException e) {
            throw new IOException(file + ": damaged (" + e.getMessage() + ")");
        }
    }
}
