package org.gan4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.gan4j.nn.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Images with a class label each, for training and scoring classifiers: the images as one
 * {@code [n, c*h*w]} FLOAT array in {@code [-1, 1]} (the layout and scaling of {@link Dataset}: channels first,
 * PyTorch's {@code Normalize((0.5,), (0.5,))}), one label in {@code [0, classes)} per image, and the classes' names.
 *
 * <p>Loaders check the images and labels together: as many labels as images, every label inside the class range,
 * and at least two classes. Each refusal is one line naming the file.
 */
public final class LabelledImages {

    /** MNIST's class names: the digits {@code "0"} to {@code "9"}. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Fashion-MNIST's class names, label 0 first (Xiao et al. 2017, the dataset's README). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Resource folder of the embedded MNIST test set (the repository's data/mnist, 10,000 labelled digits). */
    static final String EMBEDDED = "/org/gan4j/data/mnist/";

    /** Images converted to floats at a time while loading (bounds the temporary float array). */
    private static final int CHUNK = 1000;

    private final String name;
    private final INDArray images;
    private final int[] labels;
    private final List<String> classNames;
    private final Shape imageShape;

    private LabelledImages(String name, INDArray images, int[] labels, List<String> classNames, Shape imageShape) {
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.classNames = classNames;
        this.imageShape = imageShape;
    }

    /**
     * Labelled images from arrays.
     *
     * @param name       describes the data in messages and logs
     * @param images     {@code [n, c*h*w]} FLOAT, values in {@code [-1, 1]}; kept, not copied (do not change it)
     * @param labels     one label per image, each in {@code [0, classNames.size())}; copied
     * @param classNames the classes' names, at least two, label 0 first
     * @param imageShape the shape of one image, {@code [c, h, w]}
     * @return the labelled images
     * @throws IllegalArgumentException if the images are not a FLOAT matrix of {@code imageShape}'s row size, the
     *                                  counts differ, a label is out of range or there are fewer than two classes
     */
    public static LabelledImages of(String name, INDArray images, int[] labels, List<String> classNames,
                                    Shape imageShape) {
        Objects.requireNonNull(name, "name");
        if (images.rank() != 2 || images.dataType() != DataType.FLOAT || images.columns() != imageShape.size()) {
            throw new IllegalArgumentException(name + ": images must be a FLOAT [n, " + imageShape.size() + "] array "
                    + "for images of " + imageShape + ", got " + images.dataType() + " "
                    + java.util.Arrays.toString(images.shape()));
        }
        if (!imageShape.isImage()) {
            throw new IllegalArgumentException(name + ": image shape must be [channels, height, width], got "
                    + imageShape);
        }
        String problem = check(labels, images.rows(), classNames);
        if (problem != null) {
            throw new IllegalArgumentException(name + ": " + problem);
        }
        return new LabelledImages(name, images, labels.clone(), List.copyOf(classNames), imageShape);
    }

    /**
     * Labelled images from a labelled {@link Dataset}, e.g. one loaded by {@link Mnist} or {@link ImageFolder}.
     *
     * @param dataset    the images; every one must have a label
     * @param classNames the classes' names, label 0 first, at least two
     * @return the images as floats in {@code [-1, 1]}, with their labels
     * @throws IllegalArgumentException naming the dataset if it has no labels, a label is outside
     *                                  {@code [0, classNames.size())}, or there are fewer than two classes
     */
    public static LabelledImages of(Dataset dataset, List<String> classNames) {
        if (!dataset.hasLabels()) {
            throw new IllegalArgumentException(dataset.name() + ": has no labels (a labels file beside the images, "
                    + "or one sub-directory per class)");
        }
        int n = dataset.size();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = dataset.label(i);
        }
        String problem = check(labels, n, classNames);
        if (problem != null) {
            throw new IllegalArgumentException(dataset.name() + ": " + problem);
        }
        return new LabelledImages(dataset.name(), toArray(dataset), labels, List.copyOf(classNames),
                dataset.imageShape());
    }

    /** All images of a dataset as one FLOAT array, converted {@link #CHUNK} images at a time. */
    private static INDArray toArray(Dataset dataset) {
        int n = dataset.size();
        int size = dataset.imageSize();
        INDArray all = Nd4j.create(DataType.FLOAT, n, size);
        float[] chunk = new float[Math.min(n, CHUNK) * size];
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            int[] indices = IntStream.range(from, from + count).toArray();
            dataset.copyImages(indices, 0, count, chunk);
            float[] exact = count * size == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, count * size);
            all.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all())
                    .assign(Nd4j.createFromArray(exact).reshape('c', count, size));
        }
        return all;
    }

    /** The problem with a labelling, or null. */
    private static String check(int[] labels, long images, List<String> classNames) {
        if (classNames.size() < 2) {
            return "a classifier needs at least 2 classes, found " + classNames.size() + " " + classNames;
        }
        if (labels.length != images) {
            return labels.length + " labels for " + images + " images: expected one label per image";
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                return "label " + labels[i] + " of image " + i + " is outside the " + classNames.size()
                        + " classes [0, " + (classNames.size() - 1) + "]";
            }
        }
        return null;
    }

    /**
     * Loads an IDX image file and its IDX label file (raw or gzip, as {@link IdxFile} reads them).
     *
     * @param images     the IDX3 image file
     * @param labels     the IDX1 label file, one label per image
     * @param classNames the classes' names, label 0 first; {@code null}: {@code "0"}, {@code "1"}, ... up to the
     *                   largest label found
     * @return the labelled images
     * @throws NoSuchFileException naming the labels file when the images file is missing (and the other way round)
     * @throws IdxFormatException  naming the labels file for a count that differs from the images', a label outside
     *                             the classes, fewer than two classes, or malformed content
     * @throws IOException         if a file cannot be read
     */
    public static LabelledImages loadIdx(Path images, Path labels, List<String> classNames) throws IOException {
        if (!Files.isRegularFile(images)) {
            throw new NoSuchFileException(images.toString(), null, "image file missing"
                    + (Files.isRegularFile(labels) ? " for labels file " + labels + " (a labels file without images)"
                    : ""));
        }
        if (!Files.isRegularFile(labels)) {
            throw new NoSuchFileException(labels.toString(), null, "labels file missing for images " + images);
        }
        IdxFile imageFile = IdxFile.read(images, 3);
        IdxFile labelFile = IdxFile.read(labels, 1);
        int[] dims = imageFile.dims();
        int[] labelArray = labelsOf(labelFile);
        List<String> names = classNames != null ? classNames : numbered(labelArray);
        String problem = check(labelArray, dims[0], names);
        if (problem != null) {
            throw new IdxFormatException(labels + ": " + problem + " (images: " + images + ")");
        }
        ImageDataset dataset = new ImageDataset(images + " (" + dims[0] + " images)", imageFile.data(), dims[0],
                dims[1], dims[2], 1, labelArray);
        return new LabelledImages(dataset.name(), toArray(dataset), labelArray, List.copyOf(names),
                dataset.imageShape());
    }

    private static int[] labelsOf(IdxFile file) {
        byte[] raw = file.data();
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            labels[i] = raw[i] & 0xFF;
        }
        return labels;
    }

    /** {@code "0"} to the largest label. */
    private static List<String> numbered(int[] labels) {
        int max = IntStream.of(labels).max().orElse(-1);
        return IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
    }

    /**
     * Loads one set of an MNIST-format directory: {@code <set>-images-idx3-ubyte[.gz]} with
     * {@code <set>-labels-idx1-ubyte[.gz]}.
     *
     * @param dir        the directory, e.g. {@code /usr/share/datasets/fashion-mnist}
     * @param set        {@code "train"} or {@code "t10k"}
     * @param classNames the classes' names, or {@code null} to number them
     * @return the labelled images
     * @throws NoSuchFileException naming the file looked for when the images or the labels are missing
     * @throws IOException         as {@link #loadIdx} throws it
     */
    public static LabelledImages loadIdx(Path dir, String set, List<String> classNames) throws IOException {
        return loadIdx(existing(dir, set + "-images-idx3-ubyte"), existing(dir, set + "-labels-idx1-ubyte"),
                classNames);
    }

    /** The raw or gzip file of that name, or the raw name if neither exists (reported by the caller). */
    private static Path existing(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        return Files.isRegularFile(gz) ? gz : dir.resolve(base);
    }

    /**
     * Loads labelled images from a directory: MNIST-format IDX files with their labels (the training set when the
     * directory has one, else the test set; classes numbered), or an image folder whose sub-directories are the
     * classes (named after the sub-directories, sorted).
     *
     * @param dir      the directory
     * @param height   for an image folder: the height images are scaled to
     * @param width    for an image folder: the width images are scaled to
     * @param channels for an image folder: 1 (grey) or 3 (RGB)
     * @return the labelled images
     * @throws IOException naming the file or directory: labels missing, a labels file without images, a folder
     *                     without sub-directories or with fewer than 2 classes, or any error of the readers
     */
    public static LabelledImages load(Path dir, int height, int width, int channels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        for (String set : List.of("train", "t10k")) {
            Path images = existing(dir, set + "-images-idx3-ubyte");
            Path labels = existing(dir, set + "-labels-idx1-ubyte");
            if (Files.isRegularFile(images) || Files.isRegularFile(labels)) {
                return loadIdx(images, labels, null);
            }
        }
        if (Mnist.hasImageFile(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "MNIST-format images without a labels file "
                    + "(<set>-labels-idx1-ubyte[.gz] beside <set>-images-idx3-ubyte[.gz])");
        }
        return imageFolder(dir, height, width, channels);
    }

    /**
     * Loads an image folder whose sub-directories are the classes, named after them (sorted).
     *
     * @param dir      the folder, one sub-directory per class
     * @param height   the height images are scaled to
     * @param width    the width images are scaled to
     * @param channels 1 (grey) or 3 (RGB)
     * @return the labelled images
     * @throws ImageFolderException naming the folder when a file lies outside the class sub-directories or there
     *                              are fewer than 2 classes, or naming the file for an unreadable image
     * @throws IOException          if the folder cannot be read
     */
    public static LabelledImages imageFolder(Path dir, int height, int width, int channels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        List<String> names = ImageFolder.classNames(dir);
        if (names.isEmpty()) {
            throw new ImageFolderException(dir + ": no classes: put each class's images in its own sub-directory "
                    + "(dir/cat/1.png, dir/dog/2.png), with no image files directly in " + dir);
        }
        if (names.size() < 2) {
            throw new ImageFolderException(dir + ": a classifier needs at least 2 classes (sub-directories), found 1 "
                    + names);
        }
        ImageDataset dataset = ImageFolder.load(dir, height, width, channels, ImageFolder.OnBadFile.FAIL,
                new PrintStream(PrintStream.nullOutputStream()));
        return of(dataset, names);
    }

    /**
     * The MNIST test set embedded in gan-api (10,000 labelled digits, the repository's {@code data/mnist}): what
     * the shipped MNIST feature network is trained (first 8,000) and tested (last 2,000) on.
     *
     * @return the embedded digits with their labels, class names {@code "0"} to {@code "9"}
     * @throws IOException if the resources are missing from the jar or cannot be read
     */
    public static LabelledImages embeddedMnist() throws IOException {
        try (InputStream images = resource("t10k-images-idx3-ubyte.gz");
             InputStream labels = resource("t10k-labels-idx1-ubyte.gz")) {
            return of(Mnist.read("embedded MNIST test set", images, labels), MNIST_CLASSES);
        }
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = LabelledImages.class.getResourceAsStream(EMBEDDED + file);
        if (in == null) {
            throw new IOException("embedded dataset missing from the jar: " + EMBEDDED + file);
        }
        return in;
    }

    /**
     * The same images under another name (the name goes into a trained network's provenance, so a stable name, not
     * a path, keeps a retrained network's bytes the same wherever the data lies).
     *
     * @param newName the description, not blank
     * @return labelled images sharing this one's arrays
     * @throws IllegalArgumentException if {@code newName} is blank
     */
    public LabelledImages named(String newName) {
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return new LabelledImages(newName, images, labels, classNames, imageShape);
    }

    /** {@return a short description for logs, e.g. the file it was read from and the image count} */
    public String name() {
        return name;
    }

    /** {@return the number of images} */
    public int size() {
        return labels.length;
    }

    /** {@return the images, {@code [size(), c*h*w]} FLOAT in {@code [-1, 1]}; shared: do not change it} */
    public INDArray images() {
        return images;
    }

    /** {@return a copy of the labels, one per image, each in {@code [0, classCount())}} */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The label of one image.
     *
     * @param index the image, in {@code [0, size())}
     * @return its class, in {@code [0, classCount())}
     */
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /** {@return the classes' names, label 0 first} */
    public List<String> classNames() {
        return classNames;
    }

    /** {@return the number of classes} */
    public int classCount() {
        return classNames.size();
    }

    /** {@return the shape of one image, {@code [channels, height, width]}} */
    public Shape imageShape() {
        return imageShape;
    }

    /**
     * The first images and the rest, e.g. the 8,000 training and 2,000 test digits of the embedded set.
     *
     * @param firstCount how many images go to the first part, in {@code [1, size())}
     * @return the first {@code firstCount} images and the others, in order, each with its own copy of the images
     * @throws IllegalArgumentException unless {@code 0 < firstCount < size()}
     */
    public Split split(int firstCount) {
        if (firstCount <= 0 || firstCount >= size()) {
            throw new IllegalArgumentException("split: firstCount must be in [1, " + (size() - 1) + "] for " + name
                    + ", got " + firstCount);
        }
        return new Split(subset(IntStream.range(0, firstCount).toArray(), "first " + firstCount + " of " + name),
                subset(IntStream.range(firstCount, size()).toArray(), "last " + (size() - firstCount) + " of "
                        + name));
    }

    /**
     * Some of the images, in the order given.
     *
     * @param indices the images to keep, each in {@code [0, size())}, repeats allowed, at least one
     * @return a copy of those images with their labels and the same classes
     * @throws IllegalArgumentException if {@code indices} is empty
     * @throws IndexOutOfBoundsException for an index out of range
     */
    public LabelledImages subset(int[] indices) {
        return subset(indices, indices.length + " of " + name);
    }

    private LabelledImages subset(int[] indices, String newName) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("subset of " + name + ": no index given");
        }
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = labels[Objects.checkIndex(indices[i], labels.length)];
        }
        INDArray rows = images.getRows(indices);
        return new LabelledImages(newName, rows, picked, classNames, imageShape);
    }

    /**
     * The two parts of {@link #split(int)}.
     *
     * @param first the first images
     * @param rest  the others
     */
    public record Split(LabelledImages first, LabelledImages rest) {
    }

    @Override
    public String toString() {
        return name + " [" + size() + " x " + imageShape + ", " + classCount() + " classes]";
    }
}
