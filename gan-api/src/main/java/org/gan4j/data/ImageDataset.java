package org.gan4j.data;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link Dataset} of 8-bit images held once in memory (one byte per value: 47 MB for MNIST's 60,000 images) and
 * scaled to floats only for the rows a batch asks for.
 */
public final class ImageDataset implements Dataset {

    /**
     * The most values one array of a dataset may hold: the JVM's largest array, less a margin (some JVMs reserve a
     * few header words). The readers check declared sizes against it before allocating.
     */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 16;

    /** Byte value to float in [-1, 1], computed like PyTorch's ToTensor then Normalize((0.5,), (0.5,)) in float32. */
    private static final float[] SCALE = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            SCALE[p] = ((p / 255f) - 0.5f) / 0.5f;
        }
    }

    private final String name;
    private final byte[] pixels;
    private final int size;
    private final int height;
    private final int width;
    private final int channels;
    private final int[] labels;
    /** The classes' names, label 0 first; empty when the dataset does not name them. */
    private final java.util.List<String> classNames;

    /**
     * Wraps pixel data without copying it; the caller must not change the array afterwards.
     *
     * @param name     description for logs
     * @param pixels   {@code size * height * width * channels} unsigned bytes, image after image
     * @param size     number of images, positive
     * @param height   image height in pixels, positive
     * @param width    image width in pixels, positive
     * @param channels values per pixel (1 grey, 3 RGB), positive
     * @param labels   one label per image, or {@code null}
     * @throws IllegalArgumentException if a size is not positive or the arrays' lengths do not match it
     */
    public ImageDataset(String name, byte[] pixels, int size, int height, int width, int channels, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        Preconditions.checkArgument(size > 0, "size must be positive, got %s", size);
        Preconditions.checkArgument(height > 0 && width > 0 && channels > 0,
                "image shape must be positive, got %sx%sx%s", height, width, channels);
        Preconditions.checkArgument((long) size * height * width * channels == pixels.length,
                "%s images of %sx%sx%s need %s bytes, got %s", size, height, width, channels,
                (long) size * height * width * channels, pixels.length);
        Preconditions.checkArgument(labels == null || labels.length == size,
                "%s images but %s labels", size, labels == null ? 0 : labels.length);
        this.size = size;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.labels = labels;
        this.classNames = java.util.List.of();
    }

    private ImageDataset(ImageDataset of, String name, java.util.List<String> classNames) {
        this.name = name;
        this.pixels = of.pixels;
        this.size = of.size;
        this.height = of.height;
        this.width = of.width;
        this.channels = of.channels;
        this.labels = of.labels;
        this.classNames = classNames;
    }

    /**
     * The same images, labels and class names under another name (sharing the pixels), e.g. the address a copy was
     * made from: the name identifies the data in checkpoints, provenance and messages.
     *
     * @param newName the name, not empty
     * @return the renamed dataset
     * @throws IllegalArgumentException if {@code newName} is empty
     */
    public ImageDataset withName(String newName) {
        if (newName.isEmpty()) {
            throw new IllegalArgumentException("a dataset's name must not be empty");
        }
        return new ImageDataset(this, newName, classNames);
    }

    /**
     * The same images and labels with their classes named (sharing the pixels, not copying them).
     *
     * @param names label {@code i}'s name at position {@code i}: at least 2, none empty or repeated, and one for
     *              every label present
     * @return the named dataset
     * @throws IllegalStateException    if the dataset has no labels
     * @throws IllegalArgumentException naming the dataset, if the names break
     *                                  {@link org.gan4j.ClassLabels#checkNames} or a label has no name
     */
    public ImageDataset withClassNames(java.util.List<String> names) {
        java.util.List<String> n = java.util.List.copyOf(names);
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels to name");
        }
        try {
            org.gan4j.ClassLabels.checkNames(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        if (n.size() < 2) {
            throw new IllegalArgumentException(name + ": at least 2 class names needed, got " + n.size());
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= n.size()) {
                throw new IllegalArgumentException(name + ": image " + i + " has label " + labels[i] + ", which "
                        + "none of the " + n.size() + " class names " + n + " names");
            }
        }
        return new ImageDataset(this, name, n);
    }

    @Override
    public java.util.List<String> classNames() {
        return classNames;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void copyImages(int[] indices, int from, int count, float[] dest) {
        int n = imageSize();
        Preconditions.checkArgument(dest.length >= (long) count * n,
                "dest holds %s values, %s images need %s", dest.length, count, (long) count * n);
        for (int k = 0; k < count; k++) {
            int index = Objects.checkIndex(indices[from + k], size);
            int src = index * n;
            int dst = k * n;
            for (int i = 0; i < n; i++) {
                dest[dst + i] = SCALE[pixels[src + i] & 0xFF];
            }
        }
    }

    /**
     * The unsigned byte value of one pixel component, for tools that want the raw data.
     *
     * @param index  the image's index, in {@code [0, size())}
     * @param offset the value's position in the image, in {@code [0, imageSize())}: row-major, channels last
     * @return the stored byte, in {@code [0, 255]}
     * @throws IndexOutOfBoundsException if {@code index} or {@code offset} is out of range
     */
    public int pixel(int index, int offset) {
        Objects.checkIndex(index, size);
        Objects.checkIndex(offset, imageSize());
        return pixels[index * imageSize() + offset] & 0xFF;
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public int label(int index) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return labels[Objects.checkIndex(index, size)];
    }

    /** {@return a copy of the labels, one per image, or an empty array when there are none} */
    public int[] labels() {
        return labels == null ? new int[0] : Arrays.copyOf(labels, labels.length);
    }

    @Override
    public String toString() {
        return name + " [" + size + " x " + height + "x" + width + "x" + channels + "]";
    }
}
