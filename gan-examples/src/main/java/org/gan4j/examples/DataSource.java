package org.gan4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.MemoryEstimate;
import org.gan4j.data.DatasetStore;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.ImageFolder;
import org.gan4j.data.Mnist;
import org.gan4j.data.RemoteDataset;
import picocli.CommandLine.Option;

/**
 * Where the program's images come from: the {@code --dataset} option and its companions, shared by the commands
 * that train.
 */
final class DataSource {

    /** Resource folder of the embedded MNIST test set (10,000 digits). */
    static final String EMBEDDED = "/org/gan4j/examples/mnist/";

    @Option(names = "--dataset", paramLabel = "NAME|DIR",
            description = {"mnist, mnist-t10k, fashion-mnist, fashion-mnist-t10k, or a directory of MNIST-format IDX "
                    + "files or of images (PNG, JPEG, ...; sub-directories are classes).",
                    "Default: the embedded MNIST test set (10,000 digits)."})
    String dataset;

    @Option(names = "--download", description = "Download a named dataset that is not cached (checksums verified).")
    boolean download;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache of named datasets (default: ~/.gan4j/datasets, or -Dgan4j.datasets.dir).")
    Path cacheDir;

    @Option(names = "--mirror", paramLabel = "URL", description = "Download from this base URL (http, https or "
            + "file) instead of the dataset's own mirrors (repeatable, tried in order).")
    List<URI> mirrors;

    @Option(names = "--image-size", paramLabel = "HxW", description = "Size images from a folder are scaled to "
            + "(default: 28x28).")
    String imageSize = "28x28";

    @Option(names = "--channels", paramLabel = "C", description = "1 (grey, default) or 3 (RGB), for image folders.")
    int channels = 1;

    @Option(names = "--skip-bad-images", description = "Skip unreadable files in an image folder instead of failing.")
    boolean skipBadImages;

    /** Loads what the options name. */
    ImageDataset load() throws IOException {
        if (dataset == null) {
            if (download || mirrors != null) {
                throw new IllegalArgumentException("--download and --mirror need --dataset NAME");
            }
            return embedded();
        }
        if (dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset must not be empty: give a dataset name or a directory");
        }
        if (RemoteDataset.isKnown(dataset)) {
            DatasetStore.Builder store = DatasetStore.builder().allowDownload(download);
            if (cacheDir != null) {
                store.cacheDir(cacheDir);
            }
            if (mirrors != null) {
                store.mirrors(mirrors);
            }
            return store.build().load(RemoteDataset.named(dataset));
        }
        Path dir = Path.of(dataset);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dataset " + dataset + ": neither a known dataset ("
                    + String.join(", ", RemoteDataset.KNOWN.stream().map(RemoteDataset::name).toList())
                    + ") nor a directory");
        }
        if (Mnist.hasImageFile(dir)) {
            return Mnist.load(dir);
        }
        int[] size = parseSize(imageSize);
        checkFolderFits(dir, size[0], size[1]);
        return ImageFolder.load(dir, size[0], size[1], channels,
                skipBadImages ? ImageFolder.OnBadFile.SKIP : ImageFolder.OnBadFile.FAIL, System.err);
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int h = Integer.parseInt(parts[0].trim());
                int w = Integer.parseInt(parts[1].trim());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--image-size must be HEIGHTxWIDTH with positive numbers, e.g. 28x28, got '"
                + text + "'");
    }

    /**
     * Refuses an image size whose images, or whose folder of images, cannot be held: more values per image than a
     * Java array (or a {@link org.gan4j.nn.Shape}) holds, or more pixels for the folder's files than one array or
     * the heap holds ({@link ImageFolder} keeps each scaled image and then all of them in one array). Checked before a
     * single file is decoded; the count of files is an upper bound on the images.
     */
    private void checkFolderFits(Path dir, int height, int width) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--channels must be 1 or 3, got " + channels);
        }
        // height * width is below 2^62, times 3 channels it is not: compare before multiplying by the channels
        long pixels = (long) height * width;
        if (pixels > MemoryEstimate.MAX_ARRAY_LENGTH / channels) {
            throw new IllegalArgumentException("--image-size " + imageSize + " with --channels " + channels + " makes "
                    + pixels + " pixels" + (channels > 1 ? " of " + channels + " values" : "")
                    + " per image, more than an image can hold ("
                    + MemoryEstimate.MAX_ARRAY_LENGTH + " values); lower --image-size");
        }
        long perImage = pixels * channels;
        long files;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .count();
        }
        long total = files * perImage; // fewer than 2^31 files of fewer than 2^31 values: no overflow
        if (total > MemoryEstimate.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("--image-size " + imageSize + " for the " + files + " files of " + dir
                    + " makes " + total + " pixel values, more than one array holds ("
                    + MemoryEstimate.MAX_ARRAY_LENGTH + "); lower --image-size or use fewer images");
        }
        // each image once as it is scaled, then all of them in one array; plus one scaled image as 32-bit RGB
        long heap = 2 * total + 4L * height * width;
        if (heap > MemoryEstimate.heapLimit()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--image-size %s for the %d "
                    + "files of %s needs about %d MB of Java heap to load, more than the %d MB this JVM may use "
                    + "(-Xmx); lower --image-size, or raise the limit: %s", imageSize, files, dir, heap >> 20,
                    MemoryEstimate.heapLimit() >> 20, MemoryAdvice.RAISE));
        }
    }

    /** The embedded digits. */
    static ImageDataset embedded() throws IOException {
        try (InputStream images = resource("t10k-images-idx3-ubyte.gz");
             InputStream labels = resource("t10k-labels-idx1-ubyte.gz")) {
            return Mnist.read("embedded MNIST test set", images, labels)
                    .withClassNames(org.gan4j.data.LabelledImages.MNIST_CLASSES);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DataSource.class.getResourceAsStream(EMBEDDED + name);
        if (in == null) {
            throw new IOException("embedded dataset missing from the jar: " + EMBEDDED + name);
        }
        return in;
    }
}
