package org.gan4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Finds named datasets ({@link RemoteDataset}) on this machine, downloading them when allowed.
 *
 * <p>Look-up order: the cache directory ({@code <root>/<name>/}, every file checked against its published MD5),
 * then the dataset's system directories (e.g. Debian's {@code /usr/share/datasets/fashion-mnist}), then, if
 * downloads are allowed, the mirrors in order. The cache root is {@code ~/.gan4j/datasets} unless the system
 * property {@value #CACHE_PROPERTY} or {@link Builder#cacheDir} says otherwise. A download is capped at
 * {@link #DEFAULT_MAX_DOWNLOAD_BYTES} per file ({@link Builder#maxDownloadBytes}, {@value #MAX_DOWNLOAD_PROPERTY})
 * and refused when its length exceeds the cache's free space; mirrors may be http, https or file URLs.
 *
 * <pre>{@code
 * ImageDataset mnist = DatasetStore.builder().allowDownload(true).build().load(RemoteDataset.MNIST);
 * }</pre>
 */
public final class DatasetStore {

    /** System property overriding the default cache root. */
    public static final String CACHE_PROPERTY = "gan4j.datasets.dir";

    /**
     * System property overriding the default cap on the size of one downloaded file, in bytes, with an optional
     * suffix {@code k}, {@code m} or {@code g} (powers of 1024), e.g. {@code -Dgan4j.datasets.maxDownloadBytes=1g}.
     */
    public static final String MAX_DOWNLOAD_PROPERTY = "gan4j.datasets.maxDownloadBytes";

    /**
     * The cap on one downloaded file unless the builder or {@value #MAX_DOWNLOAD_PROPERTY} says otherwise: 256 MB,
     * about ten times the largest known file (Fashion-MNIST's training images, 26 MB).
     */
    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = Downloader.DEFAULT_MAX_BYTES;

    private final Path root;
    private final boolean allowDownload;
    private final List<URI> mirrors;
    private final PrintStream progress;
    private final HttpClient client;
    private final Duration stallTimeout;
    private final long maxDownloadBytes;

    private DatasetStore(Builder b) {
        this.root = b.cacheDir != null ? b.cacheDir : defaultCacheDir();
        this.allowDownload = b.allowDownload;
        this.mirrors = b.mirrors;
        this.progress = b.progress;
        this.client = b.client != null ? b.client : Downloader.defaultClient();
        this.stallTimeout = b.stallTimeout;
        this.maxDownloadBytes = b.maxDownloadBytes > 0 ? b.maxDownloadBytes : defaultMaxDownloadBytes();
    }

    /**
     * {@return the cap on one downloaded file: {@value #MAX_DOWNLOAD_PROPERTY} if set, else
     * {@link #DEFAULT_MAX_DOWNLOAD_BYTES}}
     *
     * @throws IllegalArgumentException naming the property, if its value is not a positive size
     */
    public static long defaultMaxDownloadBytes() {
        String value = System.getProperty(MAX_DOWNLOAD_PROPERTY);
        return value == null ? DEFAULT_MAX_DOWNLOAD_BYTES : parseSize(MAX_DOWNLOAD_PROPERTY, value);
    }

    /** {@code 1048576}, {@code 512k}, {@code 300m}, {@code 2g}: a positive number of bytes. */
    static long parseSize(String what, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (n > 0 && n <= Long.MAX_VALUE >> shift) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a positive number of bytes (optionally with k, m or g), "
                + "got '" + text + "'");
    }

    /**
     * {@return a builder: no downloads, the default cache root, each dataset's own mirrors, progress on standard
     * error}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the cache root: the system property {@value #CACHE_PROPERTY} if set, else {@code ~/.gan4j/datasets}} */
    public static Path defaultCacheDir() {
        String property = System.getProperty(CACHE_PROPERTY);
        return property != null ? Path.of(property) : Path.of(System.getProperty("user.home"), ".gan4j", "datasets");
    }

    /**
     * Where a dataset is cached.
     *
     * @param dataset the dataset
     * @return {@code <cache root>/<dataset name>}; it may not exist yet
     */
    public Path cacheDir(RemoteDataset dataset) {
        return root.resolve(dataset.name());
    }

    /**
     * Loads a dataset: from the cache, from a system directory, or downloaded into the cache.
     *
     * @param dataset the dataset to load
     * @return its images and labels, pixels scaled to {@code [-1, 1]} when copied out
     * @throws IOException                 if a file cannot be read, or the cache written
     * @throws DatasetUnavailableException if it is not here and may not, or could not, be downloaded
     * @throws IdxFormatException          if the files are damaged
     */
    public ImageDataset load(RemoteDataset dataset) throws IOException {
        Path dir = cacheDir(dataset);
        List<RemoteDataset.RemoteFile> missing = new ArrayList<>();
        for (RemoteDataset.RemoteFile f : dataset.files()) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                missing.add(f);
            } else if (!Downloader.md5(p).equals(f.md5())) {
                if (!allowDownload) {
                    throw new DatasetUnavailableException(p + ": MD5 differs from the published " + f.md5()
                            + " (damaged or replaced); delete it, or allow downloads to fetch it again");
                }
                progress.println(p + ": MD5 differs from the published checksum; fetching it again");
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return named(Mnist.load(dir.resolve(dataset.images().name()), dir.resolve(dataset.labels().name())),
                    dataset);
        }
        for (Path system : dataset.systemDirs()) {
            if (dataset.files().stream().allMatch(f -> Files.isRegularFile(system.resolve(f.name())))) {
                return named(Mnist.load(system.resolve(dataset.images().name()),
                        system.resolve(dataset.labels().name())), dataset);
            }
        }
        List<URI> from = mirrors != null ? mirrors : dataset.mirrors();
        if (!allowDownload) {
            throw new DatasetUnavailableException(dataset.name() + " is not in " + dir + " (missing "
                    + missing.stream().map(RemoteDataset.RemoteFile::name).collect(Collectors.joining(", "))
                    + (dataset.systemDirs().isEmpty() ? "" : ", nor in " + dataset.systemDirs())
                    + "); allow downloads (--download) or put the files there from " + from.get(0));
        }
        Files.createDirectories(dir);
        Downloader downloader = new Downloader(client, progress, stallTimeout, maxDownloadBytes);
        for (RemoteDataset.RemoteFile f : missing) {
            progress.println("Downloading " + dataset.name() + " " + f.name() + " into " + dir);
            downloader.fetch(f, from, dir.resolve(f.name()));
        }
        return named(Mnist.load(dir.resolve(dataset.images().name()), dir.resolve(dataset.labels().name())), dataset);
    }

    /** The images with the classes of the published dataset named ({@link RemoteDataset#classNames()}). */
    private static ImageDataset named(ImageDataset images, RemoteDataset dataset) {
        return dataset.classNames().isEmpty() || !images.hasLabels() ? images
                : images.withClassNames(dataset.classNames());
    }

    /** Configures a {@link DatasetStore}. */
    public static final class Builder {
        private Path cacheDir;
        private boolean allowDownload;
        private List<URI> mirrors;
        private PrintStream progress = System.err;
        private HttpClient client;
        private Duration stallTimeout = Downloader.DEFAULT_STALL_TIMEOUT;
        private long maxDownloadBytes;

        private Builder() {
        }

        /**
         * The largest file a download may be (default {@link DatasetStore#defaultMaxDownloadBytes()}, 256 MB). A
         * mirror that announces more is refused before anything is written; one that sends more without announcing
         * its length is cut off at the cap; the next mirror is tried either way.
         *
         * @param bytes the cap, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder maxDownloadBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxDownloadBytes must be positive, got " + bytes);
            }
            this.maxDownloadBytes = bytes;
            return this;
        }

        /**
         * The cache root (default {@link DatasetStore#defaultCacheDir()}).
         *
         * @param dir the directory holding one sub-directory per dataset; created when a download needs it
         * @return this builder
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "cacheDir");
            return this;
        }

        /**
         * Whether missing files may be downloaded (default false: nothing leaves the machine unasked).
         *
         * @param allow true to download missing or damaged files from the mirrors
         * @return this builder
         */
        public Builder allowDownload(boolean allow) {
            this.allowDownload = allow;
            return this;
        }

        /**
         * Mirrors to use instead of each dataset's own, e.g. a local copy or a test server.
         *
         * @param mirrors base URIs, tried in order, each holding the dataset's files by name (a trailing {@code /} is
         *                added where missing); not empty
         * @return this builder
         * @throws IllegalArgumentException if {@code mirrors} is empty
         */
        public Builder mirrors(List<URI> mirrors) {
            if (mirrors.isEmpty()) {
                throw new IllegalArgumentException("mirrors must not be empty");
            }
            this.mirrors = mirrors.stream().map(m -> m.toString().endsWith("/") ? m : URI.create(m + "/"))
                    .collect(Collectors.toUnmodifiableList());
            return this;
        }

        /**
         * Where download progress goes (default standard error).
         *
         * @param progress receives one line per file and the download's progress
         * @return this builder
         */
        public Builder progress(PrintStream progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * The HTTP client (default: 20 s connect timeout, redirects followed).
         *
         * @param client the client downloads go through
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * How long a mirror may send nothing in the middle of a file before that attempt fails and the next mirror is
         * tried (default 30 s; connecting and the response headers have their own timeouts).
         *
         * @param timeout the longest silence, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder stallTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("stallTimeout must be positive, got " + timeout);
            }
            this.stallTimeout = timeout;
            return this;
        }

        /** {@return a store with these settings} */
        public DatasetStore build() {
            return new DatasetStore(this);
        }
    }
}
