package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gan4j.MemoryEstimate;
import org.gan4j.TrainedGenerator;
import org.gan4j.io.AtomicFiles;
import org.gan4j.io.GeneratorFile;
import org.gan4j.io.IdxWriter;
import org.gan4j.io.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gan4j sample}: generates images from a trained run's generator into an IDX3 file. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate images with a trained generator and write them as an IDX3 unsigned-byte file "
                + "(pixel = round((x + 1) / 2 * 255)), readable by any MNIST tool,",
                "or, when --out ends in .png, as a PNG grid of 16 columns."})
final class SampleCommand implements Callable<Integer> {

    static final int PNG_COLUMNS = 16;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the generator comes from. */
    static final class Source {
        @Option(names = "--run-dir", paramLabel = "DIR", description = "A directory 'train' completed.")
        Path runDir;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint 'train' wrote "
                + "(RUN_DIR/checkpoints/checkpoint-*.zip).")
        Path checkpoint;
    }

    @Option(names = "--count", paramLabel = "N", required = true, description = "Number of images.")
    int count;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The IDX3 file to write, or a .png grid.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the noise (default: 0).")
    long seed;

    @Option(names = "--label", paramLabel = "L", description = "The class to draw, for a conditional generator "
            + "(trained with --recipe cgan): 0 to classes - 1, e.g. 7 for sevens.")
    Integer label;

    @Option(names = "--overwrite", description = "Replace --out if it exists (only once the new file is complete).")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (count <= 0) {
            throw new IllegalArgumentException("--count must be positive, got " + count);
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; give a file name");
        }
        if (Files.exists(out) && !overwrite) {
            throw new IllegalArgumentException("--out " + out + " exists; pass --overwrite to replace it");
        }
        Path file = source.checkpoint != null ? source.checkpoint
                : source.runDir.resolve(TrainCommand.GENERATOR_FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, source.checkpoint != null ? "no such checkpoint"
                    : "no trained generator (is --run-dir a directory that 'gan4j train' completed?)");
        }
        TrainedGenerator generator = GeneratorFile.load(file, seed);
        checkLabel(generator, file);
        PrintWriter w = spec.commandLine().getOut();
        int h = generator.imageHeight();
        int wd = generator.imageWidth();
        int c = generator.imageChannels();
        boolean png = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png");
        // refused before sampling when it cannot fit (a Java array, the heap, the process's memory)
        (png ? MemoryEstimate.samplingGrid(generator, count, PNG_COLUMNS) : MemoryEstimate.sampling(generator, count))
                .check("--count");
        if (png) {
            INDArray images = draw(generator);
            publish(o -> ImageGrid.writePng(o, images, h, wd, c, PNG_COLUMNS));
            w.printf("Wrote a grid of %d images to %s%n", count, out);
            return 0;
        }
        if (c != 1) {
            throw new IllegalArgumentException("IDX3 output holds grey images; this generator makes " + c
                    + " channels");
        }
        INDArray images = draw(generator);
        publish(o -> IdxWriter.writeImages(o, images, h, wd));
        w.printf("Wrote %d images of %dx%d to %s%n", count, h, wd, out);
        return 0;
    }

    /** Refuses --label for an unconditional generator, its absence for a conditional one, and a label out of range. */
    private void checkLabel(TrainedGenerator generator, Path file) {
        if (label != null && !generator.isConditional()) {
            throw new IllegalArgumentException("--label " + label + ": the generator in " + file + " is not "
                    + "conditional (it was trained without classes); leave --label out");
        }
        if (generator.isConditional()) {
            int classes = generator.classes();
            if (label == null) {
                throw new IllegalArgumentException("the generator in " + file + " is conditional on " + classes
                        + " classes: give --label 0 to " + (classes - 1));
            }
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("--label " + label + " is out of range: the generator in " + file
                        + " has " + classes + " classes, 0 to " + (classes - 1));
            }
        }
    }

    private INDArray draw(TrainedGenerator generator) {
        return label == null ? generator.sample(count) : generator.sample(count, label);
    }

    /**
     * Writes --out atomically: a full disk or a kill leaves the previous file (or none), never a truncated one whose
     * header promises more images than follow. Without --overwrite a file that appeared meanwhile is not replaced.
     */
    private void publish(AtomicFiles.Writer content) throws IOException {
        if (overwrite) {
            AtomicFiles.write(out, content);
        } else {
            try {
                AtomicFiles.create(out, content);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new IllegalArgumentException("--out " + out + " exists; pass --overwrite to replace it", e);
            }
        }
    }
}
