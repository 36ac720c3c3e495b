package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gan4j.TrainedGenerator;
import org.gan4j.data.Dataset;
import org.gan4j.data.Datasets;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;
import org.gan4j.eval.Evaluation;
import org.gan4j.eval.EvaluationResult;
import org.gan4j.eval.FeatureNetwork;
import org.gan4j.io.AtomicFiles;
import org.gan4j.io.GeneratorFile;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gan4j evaluate}: the built-in metrics of a trained generator, or of images in an IDX file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure generated images against real ones with the built-in metrics (FID, KID, precision "
                + "and recall, density and coverage, the classifier score, memorisation); docs/evaluation.md.",
                "Prints a table; --json writes the figures as JSON."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** What is measured. */
    static final class Source {
        @Option(names = "--run-dir", paramLabel = "DIR", description = "A directory 'train' completed: its "
                + "generator, against the run's dataset unless --dataset says otherwise.")
        Path runDir;

        @Option(names = "--generator", paramLabel = "FILE", description = "A generator file (generator.zip) or a "
                + "checkpoint.")
        Path generator;

        @Option(names = "--samples", paramLabel = "FILE", description = "Images in an IDX3 file, e.g. from "
                + "'gan4j sample' or another library.")
        Path samples;
    }

    @Mixin
    DataSource data = new DataSource();

    @Option(names = "--count", paramLabel = "N", description = "Images to sample from the generator (default: "
            + Evaluation.DEFAULT_SAMPLES + "); with --samples, the first N of the file (default: all).")
    Integer count;

    @Option(names = "--references", paramLabel = "N", description = "Real images to compare with: the first N of "
            + "the dataset (default: " + Evaluation.DEFAULT_SAMPLES + " or all it has).")
    Integer references;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampling noise (default: "
            + Evaluation.DEFAULT_NOISE_SEED + ").")
    long seed = Evaluation.DEFAULT_NOISE_SEED;

    @Option(names = "--feature-network", paramLabel = "FILE", description = "A feature network from 'gan4j "
            + "train-classifier' (needed for a directory dataset; default: the built-in one of mnist or "
            + "fashion-mnist).")
    Path featureNetworkFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to this JSON file.")
    Path json;

    @Option(names = "--overwrite", description = "Replace --json if it exists.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (count != null && count < Evaluation.MIN_IMAGES) {
            throw new IllegalArgumentException("--count must be at least " + Evaluation.MIN_IMAGES + ", got " + count);
        }
        if (json != null && Files.exists(json) && !overwrite) {
            throw new IllegalArgumentException("--json " + json + " exists; pass --overwrite to replace it");
        }
        if (source.runDir != null && data.dataset == null) {
            data.dataset = RunOptions.datasetOf(source.runDir);
        }
        FeatureNetwork network = FeatureNetworkChoice.choose(featureNetworkFile, data.dataset);
        ImageDataset reference = data.load();
        Evaluation.Builder settings = Evaluation.builder(network, reference).noiseSeed(seed)
                .cacheDirectory(evaluationCache());
        if (references != null) {
            if (references > reference.size()) {
                throw new IllegalArgumentException("--references " + references + ": the dataset " + reference.name()
                        + " has " + reference.size() + " images");
            }
            settings.references(references);
        }
        EvaluationResult result;
        if (source.samples != null) {
            INDArray images = samples(source.samples, network);
            result = settings.samples(Math.max(Evaluation.MIN_IMAGES, (int) images.rows())).build().evaluate(images);
        } else {
            Path file = source.generator != null ? source.generator
                    : source.runDir.resolve(TrainCommand.GENERATOR_FILE);
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, source.generator != null ? "no such generator"
                        : "no trained generator (is --run-dir a directory that 'gan4j train' completed?)");
            }
            TrainedGenerator generator = GeneratorFile.load(file, seed);
            if (count != null) {
                settings.samples(count);
            }
            result = settings.build().evaluate(generator);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.table());
        if (json != null) {
            byte[] text = result.toJson().getBytes(StandardCharsets.UTF_8);
            if (overwrite) {
                AtomicFiles.write(json, o -> o.write(text));
            } else {
                AtomicFiles.create(json, o -> o.write(text));
            }
            out.println("Wrote " + json);
        }
        out.flush();
        return 0;
    }

    /** The images of an IDX3 file (the first --count), checked against the feature network's image size. */
    private INDArray samples(Path file, FeatureNetwork network) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such samples file");
        }
        Dataset images = Mnist.load(file, null);
        if (!images.imageShape().equals(network.imageShape())) {
            throw new IllegalArgumentException("--samples " + file + " holds images of " + images.imageShape()
                    + " but the feature network " + network.name() + " takes " + network.imageShape());
        }
        int n = images.size();
        if (count != null) {
            if (count > n) {
                throw new IllegalArgumentException("--samples " + file + " holds " + n + " images, fewer than --count "
                        + count);
            }
            n = count;
        }
        if (n < Evaluation.MIN_IMAGES) {
            throw new IllegalArgumentException("--samples " + file + " holds " + n + " images; an evaluation needs at "
                    + "least " + Evaluation.MIN_IMAGES);
        }
        return Datasets.firstImages(images, n);
    }

    /** Reference statistics are cached beside the datasets: {@code ~/.gan4j/evaluation}. */
    static Path evaluationCache() {
        return org.gan4j.data.DatasetStore.defaultCacheDir().resolveSibling("evaluation");
    }
}
