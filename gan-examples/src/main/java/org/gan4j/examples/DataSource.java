package org.gan4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.gan4j.data.ImageDataset;
import org.gan4j.data.Mnist;

/** Where the MNIST program's images come from. */
final class DataSource {

    /** Resource folder of the embedded MNIST test set (10,000 digits). */
    static final String EMBEDDED = "/org/gan4j/examples/mnist/";

    private DataSource() {
    }

    /** The embedded digits when {@code dir} is null, else the MNIST-format files in {@code dir}. */
    static ImageDataset load(Path dir) throws IOException {
        if (dir != null) {
            return Mnist.load(dir);
        }
        try (InputStream images = resource("t10k-images-idx3-ubyte.gz");
             InputStream labels = resource("t10k-labels-idx1-ubyte.gz")) {
            return Mnist.read("embedded MNIST test set", images, labels);
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
