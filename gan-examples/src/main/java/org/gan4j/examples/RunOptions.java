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
 * {@code train --resume} continues it with the same data and configuration.
 */
final class RunOptions {

    static final String FILE = "run-options.properties";

    private RunOptions() {
    }

    static void save(Path dir, TrainCommand t) throws IOException {
        Properties p = new Properties();
        p.setProperty("seed", Long.toString(t.seed));
        p.setProperty("recipe", t.recipe);
        if (t.batchSize != null) {
            p.setProperty("batchSize", Integer.toString(t.batchSize));
        }
        if (t.zDim != null) {
            p.setProperty("zDim", Integer.toString(t.zDim));
        }
        if (t.learningRate != null) {
            p.setProperty("learningRate", Double.toString(t.learningRate));
        }
        if (t.length.epochs != null) {
            p.setProperty("epochs", Integer.toString(t.length.epochs));
        }
        if (t.length.steps != null) {
            p.setProperty("steps", Long.toString(t.length.steps));
        }
        if (t.checkpointEvery != null) {
            p.setProperty("checkpointEvery", Long.toString(t.checkpointEvery));
        }
        p.setProperty("keepCheckpoints", Integer.toString(t.keepCheckpoints));
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
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE))) {
            p.store(w, "gan4j train options, read by --resume");
        }
    }

    /** Restores the options; a length given on the resume command line wins over the saved one. */
    static void load(Path dir, TrainCommand t) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a run directory of 'gan4j train' (no " + FILE
                    + ")");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        try {
            t.seed = Long.parseLong(p.getProperty("seed"));
            // Runs of the first release saved every value and no recipe: those are reference runs.
            t.recipe = p.getProperty("recipe", "reference");
            t.batchSize = p.getProperty("batchSize") == null ? null : Integer.valueOf(p.getProperty("batchSize"));
            t.zDim = p.getProperty("zDim") == null ? null : Integer.valueOf(p.getProperty("zDim"));
            t.learningRate = p.getProperty("learningRate") == null ? null
                    : Double.valueOf(p.getProperty("learningRate"));
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
            if (p.getProperty("keepCheckpoints") != null) {
                t.keepCheckpoints = Integer.parseInt(p.getProperty("keepCheckpoints"));
            }
            DataSource d = t.data;
            d.dataset = p.getProperty("dataset");
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
