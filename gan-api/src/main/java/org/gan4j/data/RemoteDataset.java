package org.gan4j.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A published dataset of MNIST-format files: their names, their published MD5 checksums, the mirrors that serve
 * them and the system directories where a distribution may have installed them. {@link DatasetStore} finds, fetches
 * and verifies them.
 *
 * @param name       the name used on the command line and as the cache sub-directory, e.g. {@code mnist}
 * @param images     the image file
 * @param labels     the label file
 * @param mirrors    base URLs, tried in order
 * @param systemDirs directories where a system package installs the files (checked by IDX validation only:
 *                   packagers may recompress, which changes the checksums)
 */
public record RemoteDataset(String name, RemoteFile images, RemoteFile labels, List<URI> mirrors,
                            List<Path> systemDirs) {

    /**
     * One file and its published checksum.
     *
     * @param name file name, e.g. {@code train-images-idx3-ubyte.gz}
     * @param md5  lower-case hex MD5 of the file as published
     */
    public record RemoteFile(String name, String md5) {
        /**
         * Checks the fields.
         *
         * @param name file name, e.g. {@code train-images-idx3-ubyte.gz}
         * @param md5  lower-case hex MD5 of the file as published: 32 digits {@code [0-9a-f]}
         * @throws NullPointerException     if {@code name} is null
         * @throws IllegalArgumentException if {@code md5} is not 32 lower-case hex digits
         */
        public RemoteFile {
            Objects.requireNonNull(name, "name");
            if (!md5.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("md5 of " + name + " must be 32 lower-case hex digits, got " + md5);
            }
        }
    }

    private static final List<URI> MNIST_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));
    private static final List<URI> FASHION_MIRRORS = List.of(
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"));
    private static final List<Path> FASHION_SYSTEM = List.of(Path.of("/usr/share/datasets/fashion-mnist"));

    /** MNIST's 60,000 training digits. */
    public static final RemoteDataset MNIST = new RemoteDataset("mnist",
            new RemoteFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            MNIST_MIRRORS, List.of());

    /** MNIST's 10,000 test digits (the set gan4j's command line embeds). */
    public static final RemoteDataset MNIST_T10K = new RemoteDataset("mnist-t10k",
            new RemoteFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
            MNIST_MIRRORS, List.of());

    /** Fashion-MNIST's 60,000 training images (Debian: {@code apt-get install dataset-fashion-mnist}). */
    public static final RemoteDataset FASHION_MNIST = new RemoteDataset("fashion-mnist",
            new RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            FASHION_MIRRORS, FASHION_SYSTEM);

    /** Fashion-MNIST's 10,000 test images. */
    public static final RemoteDataset FASHION_MNIST_T10K = new RemoteDataset("fashion-mnist-t10k",
            new RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
            FASHION_MIRRORS, FASHION_SYSTEM);

    /** Every dataset known by name. */
    public static final List<RemoteDataset> KNOWN = List.of(MNIST, MNIST_T10K, FASHION_MNIST, FASHION_MNIST_T10K);

    /**
     * Checks the fields and copies the lists.
     *
     * @param name       the name used on the command line and as the cache sub-directory, e.g. {@code mnist}
     * @param images     the image file
     * @param labels     the label file
     * @param mirrors    base URLs, tried in order (copied)
     * @param systemDirs directories where a system package installs the files (copied)
     * @throws NullPointerException if an argument is null
     */
    public RemoteDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        mirrors = List.copyOf(mirrors);
        systemDirs = List.copyOf(systemDirs);
    }

    /**
     * {@return the names of the classes of a published dataset's labels, recognised by the labels file's checksum
     * (so a copy from another mirror is recognised too): MNIST's digits, Fashion-MNIST's ten names; empty for
     * another dataset (its classes are then numbered)}
     */
    public List<String> classNames() {
        String md5 = labels.md5();
        if (md5.equals(MNIST.labels.md5()) || md5.equals(MNIST_T10K.labels.md5())) {
            return LabelledImages.MNIST_CLASSES;
        }
        if (md5.equals(FASHION_MNIST.labels.md5()) || md5.equals(FASHION_MNIST_T10K.labels.md5())) {
            return LabelledImages.FASHION_MNIST_CLASSES;
        }
        return List.of();
    }

    /** {@return the files: images, then labels} */
    public List<RemoteFile> files() {
        return List.of(images, labels);
    }

    /**
     * The same files from other mirrors (a local one, a proxy, a test server).
     *
     * @param newMirrors base URLs, tried in order, each serving the files by name
     * @return a dataset that differs from this one only in its mirrors
     */
    public RemoteDataset withMirrors(List<URI> newMirrors) {
        return new RemoteDataset(name, images, labels, newMirrors, systemDirs);
    }

    /** {@return the same dataset, looked for in no system directory (only in the cache and on the mirrors)} */
    public RemoteDataset withoutSystemDirs() {
        return new RemoteDataset(name, images, labels, mirrors, List.of());
    }

    /**
     * A known dataset by name (case-insensitive).
     *
     * @param name a name from {@link #KNOWN}, e.g. {@code mnist} or {@code fashion-mnist-t10k}
     * @return the dataset of that name
     * @throws IllegalArgumentException listing the known names
     */
    public static RemoteDataset named(String name) {
        for (RemoteDataset d : KNOWN) {
            if (d.name.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                + KNOWN.stream().map(RemoteDataset::name).collect(Collectors.joining(", ")));
    }

    /**
     * Whether a name is known.
     *
     * @param name a dataset name, any case
     * @return whether {@link #named(String)} would find it
     */
    public static boolean isKnown(String name) {
        return KNOWN.stream().anyMatch(d -> d.name.equals(name.toLowerCase(Locale.ROOT)));
    }
}
