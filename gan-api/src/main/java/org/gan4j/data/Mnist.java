package org.gan4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads MNIST-format data sets (MNIST, Fashion-MNIST, or any images in the same IDX layout) into an
 * {@link ImageDataset}. Files may be raw or gzip.
 */
public final class Mnist {

    /** Image file names looked for in a directory, most wanted first (the 60k training set, then the 10k test set). */
    static final List<String> IMAGE_FILES = List.of(
            "train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "train-images.idx3-ubyte",
            "t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz", "t10k-images.idx3-ubyte");

    private Mnist() {
    }

    /**
     * Whether a directory holds MNIST-format data.
     *
     * @param dir any path; a missing directory or a plain file holds nothing
     * @return whether {@code dir} holds one of the image files {@link #load(Path)} looks for
     */
    public static boolean hasImageFile(Path dir) {
        return IMAGE_FILES.stream().anyMatch(name -> Files.isRegularFile(dir.resolve(name)));
    }

    /**
     * Loads the images (and their labels, when the matching label file is there) from a directory holding
     * {@code train-images-idx3-ubyte[.gz]} or, failing that, {@code t10k-images-idx3-ubyte[.gz]}.
     *
     * @param dir the directory, e.g. {@code data/mnist}
     * @return the images, labelled when the label file beside them exists
     * @throws IOException         if a file cannot be read
     * @throws NoSuchFileException naming the directory and the file names looked for
     * @throws IdxFormatException  for malformed content
     */
    public static ImageDataset load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory of IDX files");
        }
        for (String name : IMAGE_FILES) {
            Path images = dir.resolve(name);
            if (Files.isRegularFile(images)) {
                return load(images, labelsBeside(images));
            }
        }
        throw new NoSuchFileException(dir.toString(), null,
                "no MNIST-format image file; expected one of " + IMAGE_FILES);
    }

    /** The label file that goes with an image file (raw or gzip, whichever exists), or null. */
    private static Path labelsBeside(Path images) {
        String base = images.getFileName().toString().replace("images", "labels").replace("idx3", "idx1")
                .replaceFirst("\\.gz$", "");
        for (String candidate : List.of(base, base + ".gz")) {
            Path labels = images.resolveSibling(candidate);
            if (Files.isRegularFile(labels)) {
                return labels;
            }
        }
        return null;
    }

    /**
     * Loads an image file and, optionally, its label file.
     *
     * @param images the IDX3 image file ({@code [count, height, width]} unsigned bytes), raw or gzip
     * @param labels the IDX1 label file with one label per image, or {@code null} for none
     * @return the images, one channel each, with their labels if a label file was given
     * @throws IdxFormatException for malformed content, or a label count that differs from the image count
     * @throws IOException        if a file cannot be read
     */
    public static ImageDataset load(Path images, Path labels) throws IOException {
        IdxFile imageFile = IdxFile.read(images, 3);
        IdxFile labelFile = labels == null ? null : IdxFile.read(labels, 1);
        return toDataset(images.toString(), imageFile, labels == null ? null : labels.toString(), labelFile);
    }

    /**
     * Loads images and optional labels from streams (raw or gzip; the streams are not closed), e.g. resources.
     *
     * @param name         names the data in messages and logs
     * @param images       IDX3 image data
     * @param labels       IDX1 label data, or {@code null}
     * @return the images, one channel each, with their labels if label data was given
     * @throws IdxFormatException for malformed content, or a label count that differs from the image count
     * @throws IOException        if a stream cannot be read
     */
    public static ImageDataset read(String name, InputStream images, InputStream labels) throws IOException {
        IdxFile imageFile = IdxFile.read(name + " images", images, 3);
        IdxFile labelFile = labels == null ? null : IdxFile.read(name + " labels", labels, 1);
        return toDataset(name, imageFile, name + " labels", labelFile);
    }

    private static ImageDataset toDataset(String imageSource, IdxFile images, String labelSource, IdxFile labels)
            throws IdxFormatException {
        int[] dims = images.dims();
        int[] labelArray = null;
        if (labels != null) {
            int count = labels.dims()[0];
            if (count != dims[0]) {
                throw new IdxFormatException(labelSource + ": number of labels: expected " + dims[0]
                        + " (one per image in " + imageSource + "), found " + count);
            }
            byte[] raw = labels.data();
            labelArray = new int[count];
            for (int i = 0; i < count; i++) {
                labelArray[i] = raw[i] & 0xFF;
            }
        }
        return new ImageDataset(imageSource + " (" + dims[0] + " images)", images.data(), dims[0], dims[1], dims[2],
                1, labelArray);
    }
}
