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
import javax.imageio.ImageIO;

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
 */
public final class ImageFolder {

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
     * Loads the images below {@code dir}.
     *
     * @param dir      the folder; images directly in it, or each class in its own sub-directory
     * @param height   height in pixels every image is scaled to, positive
     * @param width    width in pixels every image is scaled to, positive
     * @param channels 1 (grey) or 3 (RGB)
     * @param onBad    what to do with unreadable files
     * @param report   where skipped files are reported
     * @return the images, {@code height x width x channels} each, labelled when they sit in sub-directories
     * @throws IllegalArgumentException if {@code height} or {@code width} is not positive, or {@code channels} is
     *                                  neither 1 nor 3
     * @throws java.nio.file.NoSuchFileException if {@code dir} is not a directory
     * @throws IOException              if the folder cannot be listed
     * @throws ImageFolderException naming the file, for an unreadable file with {@link OnBadFile#FAIL} or a folder
     *                              without images
     */
    public static ImageDataset load(Path dir, int height, int width, int channels, OnBadFile onBad,
                                    PrintStream report) throws IOException {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
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
        int size = height * width * channels;
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (Path file : files) {
            BufferedImage image;
            try {
                image = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                image = null;
            }
            if (image == null) {
                if (onBad == OnBadFile.FAIL) {
                    throw new ImageFolderException(file + ": not a readable image (PNG, JPEG, GIF or BMP); remove it "
                            + "or skip unreadable files");
                }
                skipped.add(file);
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
        return new ImageDataset(dir + " (" + images.size() + " images, " + height + "x" + width + "x" + channels
                + (labelled ? ", " + classes.size() + " classes" : "") + ")", pixels, images.size(), height, width,
                channels, labelArray);
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
