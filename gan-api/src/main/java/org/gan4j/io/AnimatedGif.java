package org.gan4j.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes images as the frames of a looping animated GIF with the JDK's GIF writer (no library needed): the
 * animated summary of a run's sample grids. The last frame stays up longer, so the final result can be seen.
 */
public final class AnimatedGif {

    /** How much longer than the others the last frame is shown. */
    static final int LAST_FRAME_FACTOR = 8;

    private AnimatedGif() {
    }

    /**
     * Writes {@code frames} (image files any {@link ImageIO} reader understands, e.g. PNG) to {@code target},
     * atomically.
     *
     * @param target      the GIF file to write (replaced if it exists)
     * @param frames      the frames in order, at least one; the first frame's size is the animation's
     * @param frameMillis time each frame is shown, at least 10 ms (GIF counts in hundredths of a second); the last
     *                    frame is shown {@value #LAST_FRAME_FACTOR} times as long
     * @throws IllegalArgumentException if there are no frames or {@code frameMillis} is below 10
     * @throws IOException if a frame cannot be read (the message names it) or the file cannot be written (the
     *                     message starts with {@code target}, which is then left as it was)
     */
    public static void write(Path target, List<Path> frames, int frameMillis) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        if (frameMillis < 10) {
            throw new IllegalArgumentException("frameMillis must be at least 10 (GIF's resolution), got "
                    + frameMillis);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("no GIF writer available");
        }
        ImageWriter writer = writers.next();
        try {
            AtomicFiles.write(target, out -> {
                // Buffered in memory, not in a cache file under java.io.tmpdir (ImageIO's default for a stream): the
                // animation's only file is the target (see ImageGrid.encodePng).
                try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(stream);
                    writer.prepareWriteSequence(null);
                    for (int i = 0; i < frames.size(); i++) {
                        BufferedImage image = read(frames.get(i));
                        int millis = i == frames.size() - 1 ? frameMillis * LAST_FRAME_FACTOR : frameMillis;
                        ImageWriteParam param = writer.getDefaultWriteParam();
                        writer.writeToSequence(new IIOImage(image, null, frameMetadata(writer, image, param,
                                millis, i == 0)), param);
                    }
                    writer.endWriteSequence();
                }
            });
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage read(Path frame) throws IOException {
        BufferedImage image = ImageIO.read(frame.toFile());
        if (image == null) {
            throw new IOException(frame + ": not an image ImageIO can read");
        }
        return image.getType() == BufferedImage.TYPE_BYTE_GRAY ? indexedGrey(image) : image;
    }

    /**
     * The grey image with a 256-grey palette: the GIF writer then encodes the bytes as they are, where for any other
     * image type it first builds a palette (several times slower).
     */
    private static BufferedImage indexedGrey(BufferedImage grey) {
        byte[] levels = new byte[256];
        for (int i = 0; i < 256; i++) {
            levels[i] = (byte) i;
        }
        IndexColorModel palette = new IndexColorModel(8, 256, levels, levels, levels);
        BufferedImage indexed = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_INDEXED,
                palette);
        indexed.getRaster().setRect(grey.getRaster());
        return indexed;
    }

    /** A frame's delay, and on the first frame the NETSCAPE2.0 extension that makes viewers loop forever. */
    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage image, ImageWriteParam param,
                                             int millis, boolean first) throws IOException {
        // Not ImageTypeSpecifier.createFromRenderedImage: for a TYPE_BYTE_INDEXED image it returns the type's default
        // palette (a colour cube), not the image's, and the frame would be written with the wrong colours.
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image.getColorModel(),
                image.getSampleModel()), param);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, millis / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
