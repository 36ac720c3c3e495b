package org.gan4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifTest {

    @TempDir
    Path dir;

    private Path greyFrame(String name, int level) throws IOException {
        BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 20; x++) {
            image.getRaster().setSample(x, x % 10, 0, level);
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static IIOMetadataNode child(IIOMetadataNode node, String name) {
        for (int i = 0; i < node.getLength(); i++) {
            if (node.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) node.item(i);
            }
        }
        return null;
    }

    @Test
    void framesComeBackInOrderWithTheirDelaysAndTheAnimationLoops() throws IOException {
        List<Path> frames = List.of(greyFrame("a.png", 50), greyFrame("b.png", 150), greyFrame("c.png", 250));
        Path gif = dir.resolve("out.gif");
        AnimatedGif.write(gif, frames, 200);

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            List<String> delays = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                BufferedImage frame = reader.read(i);
                assertThat(frame.getWidth()).isEqualTo(20);
                assertThat(frame.getHeight()).isEqualTo(10);
                // the pixel set in the frame, and the black around it, survive exactly (a grey palette, no dithering)
                int expected = new int[] {50, 150, 250}[i];
                assertThat(frame.getRGB(3, 3) & 0xFF).isEqualTo(expected);
                assertThat(frame.getRGB(3, 4) & 0xFFFFFF).isZero();
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                        .getAsTree("javax_imageio_gif_image_1.0");
                delays.add(child(root, "GraphicControlExtension").getAttribute("delayTime"));
                IIOMetadataNode apps = child(root, "ApplicationExtensions");
                if (i == 0) {
                    IIOMetadataNode loop = child(apps, "ApplicationExtension");
                    assertThat(loop.getAttribute("applicationID")).isEqualTo("NETSCAPE");
                    assertThat((byte[]) loop.getUserObject()).containsExactly(1, 0, 0);
                }
            }
            // hundredths of a second; the last frame stays up longer
            assertThat(delays).containsExactly("20", "20", "160");
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aFrameThatIsNotAnImageIsNamedAndNothingIsLeftBehind() throws IOException {
        Path bad = Files.writeString(dir.resolve("broken.png"), "not a png");
        Path gif = dir.resolve("out.gif");
        assertThatThrownBy(() -> AnimatedGif.write(gif, List.of(greyFrame("a.png", 9), bad), 100))
                .isInstanceOf(IOException.class).hasMessageContaining(bad.toString());
        assertThat(gif).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void noFramesOrATooShortDelayIsRefused() {
        assertThatThrownBy(() -> AnimatedGif.write(dir.resolve("x.gif"), List.of(), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one frame");
        assertThatThrownBy(() -> AnimatedGif.write(dir.resolve("x.gif"), List.of(dir), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frameMillis");
    }
}
