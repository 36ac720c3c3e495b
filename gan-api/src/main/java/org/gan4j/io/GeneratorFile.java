package org.gan4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.gan4j.Activation;
import org.gan4j.Gan;
import org.gan4j.Generator;
import org.gan4j.Mlp;
import org.gan4j.TrainedGenerator;
import org.gan4j.Version;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves a trained MLP generator to one small file and loads it back for sampling, on any provider.
 *
 * <p>The file is a zip of two entries: {@code generator.properties} (format name and version, the {@link Mlp}
 * description, zDim, image shape, data type, parameter count) and {@code parameters.bin} (the flat parameter vector
 * as little-endian IEEE floats of that data type, in the network's {@link Generator#parameters()} order). No Java
 * serialization: loading an untrusted file cannot run code. Writes go to a temporary file that is renamed over the
 * target when complete, so a crash never leaves a half-written generator under the final name.
 */
public final class GeneratorFile {

    /** The format's name, stored in the manifest. */
    public static final String FORMAT = "gan4j-generator";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;


    private GeneratorFile() {
    }

    /** The manifest entry's name. */
    public static final String MANIFEST_ENTRY = "generator.properties";
    /** The parameter entry's name. */
    public static final String PARAMETERS_ENTRY = "parameters.bin";

    /**
     * Writes a generator that was built from {@code mlp}.
     *
     * @throws IllegalArgumentException if the generator's parameter count does not match the description
     */
    public static void save(Path file, Mlp mlp, TrainedGenerator generator) throws IOException {
        Properties p = manifest(mlp, generator);
        byte[] params = ArrayBytes.toBytes(generator.network().parameters());
        AtomicFiles.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
            p.store(zip, "gan4j generator");
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(PARAMETERS_ENTRY));
            zip.write(params);
            zip.closeEntry();
            zip.finish();
        });
    }

    /**
     * The manifest describing a generator built from {@code mlp} (checkpoints embed it, so that
     * {@link #load} reads a checkpoint's generator too).
     *
     * @throws IllegalArgumentException if the generator's parameter count does not match the description
     */
    public static Properties manifest(Mlp mlp, TrainedGenerator generator) {
        Generator net = generator.network();
        int imageSize = net.outputSize();
        long count = mlp.parameterCount(net.zDim(), imageSize);
        if (count != net.parameterCount()) {
            throw new IllegalArgumentException("the generator has " + net.parameterCount() + " parameters but "
                    + mlp + " from " + net.zDim() + " to " + imageSize + " has " + count);
        }
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("gan4j.version", Version.get());
        p.setProperty("mlp.hidden", mlp.hiddenWidths().toString().replaceAll("[\\[\\] ]", ""));
        p.setProperty("mlp.hiddenActivation", mlp.hiddenActivation().toString());
        p.setProperty("mlp.outputActivation", mlp.outputActivation().toString());
        p.setProperty("zDim", Integer.toString(net.zDim()));
        p.setProperty("image.height", Integer.toString(generator.imageHeight()));
        p.setProperty("image.width", Integer.toString(generator.imageWidth()));
        p.setProperty("image.channels", Integer.toString(generator.imageChannels()));
        p.setProperty("dataType", net.dataType().name());
        p.setProperty("parameterCount", Long.toString(count));
        return p;
    }

    /**
     * Loads a generator saved by {@link #save}, building the network with the current provider.
     *
     * @param noiseSeed seed of the noise {@link TrainedGenerator#sample(int)} draws
     * @throws GeneratorFileException naming the file and what is wrong with it
     */
    public static TrainedGenerator load(Path file, long noiseSeed) throws IOException {
        Properties p = null;
        byte[] params = null;
        try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(MANIFEST_ENTRY)) {
                    p = new Properties();
                    p.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1)));
                } else if (e.getName().equals(PARAMETERS_ENTRY)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    zip.transferTo(out);
                    params = out.toByteArray();
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new GeneratorFileException(file + ": not a readable gan4j generator file (" + e.getMessage() + ")");
        }
        if (p == null || params == null) {
            throw new GeneratorFileException(file + ": not a gan4j generator file (expected entries " + MANIFEST_ENTRY
                    + " and " + PARAMETERS_ENTRY + ")");
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new GeneratorFileException(file + ": format: expected " + FORMAT + ", found "
                    + p.getProperty("format"));
        }
        if (!Integer.toString(VERSION).equals(p.getProperty("version"))) {
            throw new GeneratorFileException(file + ": version: expected " + VERSION + ", found "
                    + p.getProperty("version") + " (written by a different gan4j)");
        }
        try {
            String hidden = p.getProperty("mlp.hidden", "");
            int[] widths = hidden.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray();
            Mlp mlp = Mlp.of(Activation.parse(required(p, "mlp.hiddenActivation", file)),
                    Activation.parse(required(p, "mlp.outputActivation", file)), widths);
            int zDim = Integer.parseInt(required(p, "zDim", file));
            int h = Integer.parseInt(required(p, "image.height", file));
            int w = Integer.parseInt(required(p, "image.width", file));
            int c = Integer.parseInt(required(p, "image.channels", file));
            DataType type = DataType.valueOf(required(p, "dataType", file));
            long count = mlp.parameterCount(zDim, h * w * c);
            int width = type == DataType.DOUBLE ? 8 : 4;
            if (params.length != count * width) {
                throw new GeneratorFileException(file + ": " + PARAMETERS_ENTRY + ": expected " + count * width
                        + " bytes (" + count + " " + type + " parameters), found " + params.length);
            }
            Generator g = Gan.engine().generator(mlp, zDim, h * w * c, type, 0);
            INDArray values = ArrayBytes.fromBytes(params, type);
            g.parameters().assign(values);
            return new TrainedGenerator(g, h, w, c, noiseSeed);
        } catch (IllegalArgumentException e) {
            throw new GeneratorFileException(file + ": invalid manifest: " + e.getMessage());
        }
    }

    private static String required(Properties p, String key, Path file) throws GeneratorFileException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new GeneratorFileException(file + ": " + MANIFEST_ENTRY + ": missing field " + key);
        }
        return v;
    }
}
