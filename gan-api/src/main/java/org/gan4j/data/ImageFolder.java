package org.gan4j.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads a folder of images (PNG, JPEG, GIF, BMP: anything the JDK's ImageIO reads; any size, colour or grey) into
 * an {@link ImageDataset} of one size and channel count.
 *
 * <p>Conversion: each image is drawn over black (transparent areas become black, like MNIST's background) and scaled
 * to {@code width x height} with bilinear interpolation, without keeping the aspect ratio; for one channel, colour
 * becomes grey as luma {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601), rounded. Files are read in sorted path
 * order. Hidden files (names starting with a dot) are ignored.
 *
 * <p>Labels: when every image sits in a sub-directory of the folder, each sub-directory is a class (like
 * torchvision's ImageFolder), numbered in sorted order of the directory names; otherwise there are no labels.
 *
 * <p>Limits: a file whose header declares more than {@link #maxImagePixels()} pixels (width x height of its first
 * image; 178,956,970 unless the system property {@value #MAX_IMAGE_PIXELS_PROPERTY} says otherwise) is a bad file,
 * refused before it is decoded: decoders allocate from the declared size, so a few bytes of header could otherwise
 * claim gigabytes. The default is Pillow's: it refuses images above twice its {@code MAX_IMAGE_PIXELS} of
 * 89,478,485. All images together must fit one array (2 GB).
 */
public final class ImageFolder {

    /**
     * The default pixel limit per image, 178,956,970 (Pillow raises {@code DecompressionBombError} above this):
     * about 13,000 x 13,000, or 716 MB once decoded to 32-bit pixels.
     */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 178_956_970L;

    /** The system property that replaces {@link #DEFAULT_MAX_IMAGE_PIXELS}: {@code -Dgan4j.maxImagePixels=N}. */
    public static final String MAX_IMAGE_PIXELS_PROPERTY = "gan4j.maxImagePixels";

    /** Largest number of bytes all images together may take: the largest Java array (they are held in one). */
    static final long MAX_TOTAL_BYTES = ImageDataset.MAX_ARRAY_LENGTH;

    /** What to do with a file that is not a readable image. */
    public enum OnBadFile {
        /** Stop with an {@link ImageFolderException} naming the file (the default). */
        FAIL,
        /** Leave it out and report it. */
        SKIP
    }

    private ImageFolder() {
    }

    /**
     * Loads the images below {@code dir}, refusing files that declare more than {@link #maxImagePixels()} pixels.
     *
     * @param dir      the folder; images directly in it, or each class in its own sub-directory
     * @param height   height in pixels every image is scaled to, positive
     * @param width    width in pixels every image is scaled to, positive
     * @param channels 1 (grey) or 3 (RGB)
     * @param onBad    what to do with unreadable files
     * @param report   where skipped files are reported
     * @return the images, {@code height x width x channels} each, labelled when they sit in sub-directories
     * @throws IllegalArgumentException if {@code height} or {@code width} is not positive, {@code channels} is
     *                                  neither 1 nor 3, or {@value #MAX_IMAGE_PIXELS_PROPERTY} is not a positive
     *                                  number
     * @throws java.nio.file.NoSuchFileException if {@code dir} is not a directory
     * @throws IOException              if the folder cannot be listed
     * @throws ImageFolderException naming the file, for an unreadable or too large file with {@link OnBadFile#FAIL},
     *                              a folder without images, or more images than fit in memory at once
     */
    public static ImageDataset load(Path dir, int height, int width, int channels, OnBadFile onBad,
                                    PrintStream report) throws IOException {
        return load(dir, height, width, channels, onBad, report, maxImagePixels());
    }

    /**
     * Loads the images below {@code dir} with an explicit pixel limit.
     *
     * @param dir      the folder; images directly in it, or each class in its own sub-directory
     * @param height   height in pixels every image is scaled to, positive
     * @param width    width in pixels every image is scaled to, positive
     * @param channels 1 (grey) or 3 (RGB)
     * @param onBad    what to do with unreadable files
     * @param report   where skipped files are reported
     * @param maxPixels the most pixels (width x height) a file may declare; a file above it is a bad file, refused
     *                  before it is decoded
     * @return the images, {@code height x width x channels} each, labelled when they sit in sub-directories
     * @throws IllegalArgumentException if {@code height} or {@code width} is not positive, {@code channels} is
     *                                  neither 1 nor 3, {@code maxPixels} is not positive, or one image of
     *                                  {@code height x width x channels} bytes does not fit an array
     * @throws java.nio.file.NoSuchFileException if {@code dir} is not a directory
     * @throws IOException              if the folder cannot be listed
     * @throws ImageFolderException naming the file, for an unreadable or too large file with {@link OnBadFile#FAIL},
     *                              a folder without images, or more images than fit in memory at once
     */
    public static ImageDataset load(Path dir, int height, int width, int channels, OnBadFile onBad,
                                    PrintStream report, long maxPixels) throws IOException {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        long imageBytes = (long) height * width * channels;
        if (imageBytes > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("image size " + height + "x" + width + "x" + channels + " needs "
                    + imageBytes + " bytes per image, more than the " + MAX_TOTAL_BYTES + " an array holds");
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !hidden(dir.relativize(p)))
                    .sorted().collect(Collectors.toList());
        }
        boolean labelled = !files.isEmpty() && files.stream().allMatch(p -> dir.relativize(p).getNameCount() == 2);
        Map<String, Integer> classes = new TreeMap<>();
        if (labelled) {
            files.forEach(p -> classes.put(dir.relativize(p).getName(0).toString(), 0));
            int i = 0;
            for (Map.Entry<String, Integer> e : classes.entrySet()) {
                e.setValue(i++);
            }
        }
        if (imageBytes * files.size() > MAX_TOTAL_BYTES) { // checked before decoding anything
            throw new ImageFolderException(dir + ": " + files.size() + " files of " + height + "x" + width + "x"
                    + channels + " would need " + imageBytes * files.size() + " bytes, more than the "
                    + MAX_TOTAL_BYTES + " (2 GB) a dataset holds; use a smaller image size or fewer files");
        }
        int size = (int) imageBytes;
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : files) {
            BufferedImage image;
            String problem = null;
            try {
                image = BoundedImageReader.read(file, maxPixels);
            } catch (BoundedImageReader.TooManyPixelsException e) {
                image = null;
                problem = e.getMessage();
            } catch (IOException | RuntimeException e) {
                image = null;
            }
            if (image == null) {
                if (onBad == OnBadFile.FAIL) {
                    throw new ImageFolderException(problem == null
                            ? file + ": not a readable image (PNG, JPEG, GIF or BMP); remove it or skip unreadable"
                              + " files"
                            : file + ": " + problem + " (-D" + MAX_IMAGE_PIXELS_PROPERTY + "); raise the limit,"
                              + " remove the file or skip unreadable files");
                }
                skipped.add(problem == null ? file.toString() : file + " (" + problem + ")");
                continue;
            }
            images.add(convert(image, height, width, channels));
            if (labelled) {
                labels.add(classes.get(dir.relativize(file).getName(0).toString()));
            }
        }
        if (!skipped.isEmpty()) {
            report.println("Skipped " + skipped.size() + " unreadable file(s) in " + dir + ": " + skipped);
        }
        if (images.isEmpty()) {
            throw new ImageFolderException(dir + ": no images found (looked for PNG, JPEG, GIF and BMP files"
                    + (skipped.isEmpty() ? "" : "; " + skipped.size() + " unreadable") + ")");
        }
        byte[] pixels = new byte[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * size, size);
        }
        int[] labelArray = labelled ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
        ImageDataset dataset = new ImageDataset(dir + " (" + images.size() + " images, " + height + "x" + width + "x"
                + channels + (labelled ? ", " + classes.size() + " classes" : "") + ")", pixels, images.size(), height,
                width, channels, labelArray);
        return labelled ? named(dataset, List.copyOf(classes.keySet())) : dataset;
    }

    /**
     * The pixel limit per image that {@link #load(Path, int, int, int, OnBadFile, PrintStream)} applies: the system
     * property {@value #MAX_IMAGE_PIXELS_PROPERTY} when set, else {@link #DEFAULT_MAX_IMAGE_PIXELS}.
     *
     * @return the most pixels (width x height) an image file may declare
     * @throws IllegalArgumentException if the property is set but not a positive whole number
     */
    public static long maxImagePixels() {
        String value = System.getProperty(MAX_IMAGE_PIXELS_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_IMAGE_PIXELS;
        }
        try {
            long limit = Long.parseLong(value.trim());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + MAX_IMAGE_PIXELS_PROPERTY + " must be a positive"
                + " number of pixels, e.g. " + DEFAULT_MAX_IMAGE_PIXELS + ", got '" + value + "'");
    }

    /**
     * The dataset with its classes named after the sub-directories, when those names are valid class names (at
     * least two, each on one line and short enough: {@link org.gan4j.ClassLabels#checkNames}); else numbered.
     */
    private static ImageDataset named(ImageDataset dataset, List<String> names) {
        try {
            return dataset.withClassNames(names);
        } catch (IllegalArgumentException e) {
            return dataset; // a single class, or names a class list cannot hold: the labels stay numbered
        }
    }

    /**
     * The class names of a folder as {@link #load} numbers them: the sub-directories holding (non-hidden) files,
     * sorted, label {@code i} being the {@code i}-th name; empty when some file lies outside a sub-directory (then
     * the images are not labelled).
     */
    static List<String> classNames(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !hidden(dir.relativize(p)))
                    .collect(Collectors.toList());
        }
        if (files.isEmpty() || !files.stream().allMatch(p -> dir.relativize(p).getNameCount() == 2)) {
            return List.of();
        }
        return files.stream().map(p -> dir.relativize(p).getName(0).toString()).distinct().sorted().toList();
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Draws over black at the target size and returns bytes channels first (NCHW, the layout every layer expects:
     * all red values, then all green, then all blue). Converted here, once, when the folder is read.
     */
    static byte[] convert(BufferedImage image, int height, int width, int channels) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, Color.BLACK, null);
        } finally {
            g.dispose();
        }
        byte[] out = new byte[height * width * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = scaled.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int gr = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                int at = y * width + x;
                if (channels == 1) {
                    out[at] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    int plane = height * width;
                    out[at] = (byte) r;
                    out[plane + at] = (byte) gr;
                    out[2 * plane + at] = (byte) b;
                }
            }
        }
        return out;
    }
}
