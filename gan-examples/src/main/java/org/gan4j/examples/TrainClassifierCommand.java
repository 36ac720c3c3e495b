package org.gan4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gan4j.Gan;
import org.gan4j.SeededRandom;
import org.gan4j.data.DatasetStore;
import org.gan4j.data.LabelledImages;
import org.gan4j.data.RemoteDataset;
import org.gan4j.eval.ClassifierTraining;
import org.gan4j.eval.FeatureNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gan4j train-classifier}: trains a feature network (the classifier whose penultimate layer the metrics
 * compare) and writes it in the {@value FeatureNetwork#FORMAT} format. With the defaults it retrains the shipped
 * MNIST network bit for bit (see docs/feature-networks.md).
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"Train a feature network (a small CNN classifier) for the evaluation metrics and write it to "
                + "a file.",
                "--dataset mnist-t10k (the default): the first 8,000 embedded MNIST test digits, tested on the other "
                + "2,000 (the shipped network: the defaults retrain it bit for bit).",
                "--dataset mnist / fashion-mnist: the 60,000 training images, tested on the 10,000 test images (the "
                + "names mean what they mean for train: the downloaded or installed sets).",
                "--dataset DIR: MNIST-format IDX files with labels (train-* and t10k-* if both are there), or an "
                + "image folder with one sub-directory per class; without a test set, --test-fraction of the "
                + "images (shuffled by the seed) are held out."})
final class TrainClassifierCommand implements Callable<Integer> {

    /** Embedded digits used for training the MNIST network; the rest test it. */
    static final int MNIST_TRAIN = 8000;
    /** The embedded digits' name, as {@code train --dataset} names them. */
    static final String MNIST_T10K = "mnist-t10k";

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "mnist-t10k|mnist|fashion-mnist|DIR",
            description = "What to train on (default: mnist-t10k, the embedded digits).")
    String dataset = MNIST_T10K;

    @Option(names = "--out", paramLabel = "FILE", description = "The feature network file to write (default: "
            + "<name>-classifier.zip); refused if it exists.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initial weights, shuffling, dropout, "
            + "augmentation and the test split (default: " + ClassifierTraining.DEFAULT_SEED + ").")
    long seed = ClassifierTraining.DEFAULT_SEED;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training images (default: "
            + ClassifierTraining.DEFAULT_EPOCHS + ").")
    int epochs = ClassifierTraining.DEFAULT_EPOCHS;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per update (default: "
            + ClassifierTraining.DEFAULT_BATCH_SIZE + ").")
    int batchSize = ClassifierTraining.DEFAULT_BATCH_SIZE;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Adam's initial learning rate, decayed "
            + "linearly to 0 (default: " + ClassifierTraining.DEFAULT_LEARNING_RATE + ").")
    double learningRate = ClassifierTraining.DEFAULT_LEARNING_RATE;

    @Option(names = "--no-augment", description = "Do not shift training images at random by up to "
            + ClassifierTraining.MAX_SHIFT + " pixels.")
    boolean noAugment;

    @Option(names = "--name", paramLabel = "NAME", description = "The network's name (default: the dataset's "
            + "name, or the directory's).")
    String name;

    @Option(names = "--test-fraction", paramLabel = "F", description = "For a DIR without a separate test set: the "
            + "fraction held out for testing (default: 0.2).")
    double testFraction = 0.2;

    @Option(names = "--image-size", paramLabel = "HxW", description = "Size images from a folder are scaled to "
            + "(default: 28x28).")
    String imageSize = "28x28";

    @Option(names = "--channels", paramLabel = "C", description = "1 (grey, default) or 3 (RGB), for image folders.")
    int channels = 1;

    @Option(names = "--download", description = "Download mnist or fashion-mnist if it is neither installed nor "
            + "cached.")
    boolean download;

    @Override
    public Integer call() throws IOException {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be between 0 and 1, got " + testFraction);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be positive, got " + learningRate);
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset must not be empty: mnist-t10k, mnist, fashion-mnist or a "
                    + "directory");
        }
        String networkName = name != null ? name : defaultName();
        Path file = out != null ? out : Path.of(networkName + "-classifier.zip");
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--out " + file + " is a directory; give a file name");
        }
        if (Files.exists(file)) {
            throw new IllegalArgumentException("--out " + file + " exists; choose another file or remove it first");
        }
        PrintWriter w = spec.commandLine().getOut();
        LabelledImages[] data = load(w);
        ClassifierTraining settings = ClassifierTraining.builder().epochs(epochs).batchSize(batchSize)
                .learningRate(learningRate).seed(seed).augment(!noAugment).name(networkName).build();
        FeatureNetwork network = Gan.engine().trainClassifier(settings, data[0], data[1], line -> {
            w.println("gan4j: " + line);
            w.flush();
        });
        network.save(file);
        String shipped = shippedSha256();
        w.printf(Locale.ROOT, "gan4j: wrote %s: test accuracy %.4f, sha256 %s%s%n", file, network.testAccuracy(),
                network.sha256(), shipped == null ? "" : network.sha256().equals(shipped)
                        ? " (identical to the shipped network)" : " (differs from the shipped network's " + shipped
                        + ")");
        return 0;
    }

    /** The shipped network's SHA-256 for a named dataset (asked at run time, not inlined at compile time), or null. */
    private String shippedSha256() {
        try {
            return dataset.equals(MNIST_T10K) ? FeatureNetwork.mnist().sha256()
                    : dataset.equals("fashion-mnist") ? FeatureNetwork.fashionMnist().sha256() : null;
        } catch (java.io.UncheckedIOException e) {
            return null; // not shipped (or damaged): nothing to compare with
        }
    }

    private String defaultName() {
        if (dataset.equals(MNIST_T10K)) {
            return "mnist"; // the shipped network's name, part of its bytes
        }
        if (dataset.equals("mnist") || dataset.equals("fashion-mnist")) {
            return dataset.equals("mnist") ? "mnist-60k" : dataset;
        }
        Path dir = Path.of(dataset).toAbsolutePath().normalize();
        return dir.getFileName() == null ? "classifier" : dir.getFileName().toString().replace(',', '_');
    }

    /** The training and test sets, named without paths so that the file's bytes do not depend on where they lie. */
    private LabelledImages[] load(PrintWriter w) throws IOException {
        if (dataset.equals(MNIST_T10K)) {
            LabelledImages.Split s = LabelledImages.embeddedMnist().split(MNIST_TRAIN);
            return new LabelledImages[] {s.first(), s.rest()};
        }
        if (dataset.equals("mnist")) {
            return published(RemoteDataset.MNIST, RemoteDataset.MNIST_T10K, LabelledImages.MNIST_CLASSES, "MNIST");
        }
        if (dataset.equals("fashion-mnist")) {
            return published(RemoteDataset.FASHION_MNIST, RemoteDataset.FASHION_MNIST_T10K,
                    LabelledImages.FASHION_MNIST_CLASSES, "Fashion-MNIST");
        }
        Path dir = Path.of(dataset);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dataset " + dataset + ": neither mnist-t10k, mnist, fashion-mnist "
                    + "nor a directory");
        }
        if (hasIdx(dir, "train") && hasIdx(dir, "t10k")) {
            return new LabelledImages[] {LabelledImages.loadIdx(dir, "train", null),
                LabelledImages.loadIdx(dir, "t10k", null)};
        }
        int[] size = DataSource.parseSize(imageSize);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--channels must be 1 or 3, got " + channels);
        }
        LabelledImages all = LabelledImages.load(dir, size[0], size[1], channels);
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new SeededRandom(seed).shuffle(order);
        int testCount = (int) Math.round(all.size() * testFraction);
        if (testCount < 1 || testCount >= all.size()) {
            throw new IllegalArgumentException("--dataset " + dataset + ": " + all.size() + " images cannot be split "
                    + "into training and test images with --test-fraction " + testFraction);
        }
        LabelledImages.Split s = all.subset(order).split(all.size() - testCount);
        w.println("gan4j: " + all + ": " + s.first().size() + " for training, " + testCount + " held out for "
                + "testing (shuffled with seed " + seed + ")");
        return new LabelledImages[] {s.first(), s.rest()};
    }

    /** A published training set and its test set, from the installed, cached or (with --download) fetched files. */
    private LabelledImages[] published(RemoteDataset training, RemoteDataset test, java.util.List<String> classNames,
            String title) throws IOException {
        DatasetStore store = DatasetStore.builder().allowDownload(download).build();
        LabelledImages train = LabelledImages.of(store.load(training), classNames);
        LabelledImages held = LabelledImages.of(store.load(test), classNames);
        return new LabelledImages[] {train.named(title + " train (" + train.size() + " images)"),
            held.named(title + " t10k (" + held.size() + " images)")};
    }

    private static boolean hasIdx(Path dir, String set) {
        return Files.isRegularFile(dir.resolve(set + "-images-idx3-ubyte"))
                || Files.isRegularFile(dir.resolve(set + "-images-idx3-ubyte.gz"));
    }
}
