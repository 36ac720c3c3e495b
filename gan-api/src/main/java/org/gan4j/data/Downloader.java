package org.gan4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;

/**
 * Fetches one file from a list of mirrors. Each attempt streams into a temporary file beside the target while
 * computing its MD5; only a complete file with the published checksum is synced to disk and renamed onto the
 * target, atomically. A 404, a dropped connection, a mirror that stops sending for the stall timeout, a body larger
 * than the size cap, an unusable mirror address (a missing {@code file:} copy, a scheme other than http, https and
 * file) or a checksum mismatch deletes the temporary file and moves on to the next mirror, so nothing that looks
 * valid is ever left half-written. A body larger than the cap is refused from its {@code Content-Length} before a
 * byte is written, and cut off at the cap when the mirror sends no length; a {@code Content-Length} larger than the
 * free space of the target's file system ends the download at once (no mirror can help).
 */
final class Downloader {

    /** How long a mirror may send nothing in the middle of a file before the attempt fails, unless told otherwise. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The largest file a download may be, unless told otherwise: 256 MB, about ten times the largest known file
     * (Fashion-MNIST's training images, 26 MB).
     */
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    /**
     * The target's file system cannot take the file (too little space, a failed write): not the mirror's fault, so
     * no other mirror is tried.
     */
    static final class TargetFailure extends IOException {
        private static final long serialVersionUID = 1L;

        TargetFailure(String message) {
            super(message);
        }
    }

    private final HttpClient client;
    private final PrintStream progress;
    private final Duration stallTimeout;
    private final long maxBytes;

    Downloader(HttpClient client, PrintStream progress, Duration stallTimeout, long maxBytes) {
        this.client = client;
        this.progress = progress;
        this.stallTimeout = stallTimeout;
        this.maxBytes = maxBytes;
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * Downloads {@code file} into {@code target}.
     *
     * @throws DatasetUnavailableException saying what every mirror answered, if none delivered a valid file
     * @throws TargetFailure              if the target's file system has less free space than the file's length, or a
     *                                    write to it fails
     */
    void fetch(RemoteDataset.RemoteFile file, List<URI> mirrors, Path target) throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI url = mirror;
            try {
                url = mirror.resolve(file.name());
                fetchOnce(file, url, target);
                return;
            } catch (TargetFailure e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // RuntimeException: an address the HTTP client refuses (IllegalArgumentException), a file: URI that
                // names no path; a mirror's problem like any other, so the next one is tried
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                failures.add(url + ": " + why);
                progress.println("  " + file.name() + " from " + where(url) + " failed: " + why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + url, e);
            }
        }
        throw new DatasetUnavailableException("could not download " + file.name() + " from any mirror: "
                + String.join("; ", failures));
    }

    /** A response body being read: its declared length (-1 if unknown) and its bytes. */
    private interface Body extends AutoCloseable {
        long length();

        int read(byte[] buffer, long received) throws IOException, InterruptedException;

        @Override
        void close() throws IOException;
    }

    private Body open(URI url) throws IOException, InterruptedException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                Path path = Path.of(url);
                if (!Files.isRegularFile(path)) {
                    throw new IOException("no such file");
                }
                InputStream in = Files.newInputStream(path);
                long length = Files.size(path);
                return new Body() {
                    @Override
                    public long length() {
                        return length;
                    }

                    @Override
                    public int read(byte[] buffer, long received) throws IOException {
                        return in.read(buffer);
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                };
            }
            case "http", "https" -> {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).GET().build();
                HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = client.send(request,
                        HttpResponse.BodyHandlers.ofPublisher());
                BodyReader in = new BodyReader(stallTimeout);
                response.body().subscribe(in);
                if (response.statusCode() != 200) {
                    in.close();
                    throw new IOException("HTTP " + response.statusCode());
                }
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                return new Body() {
                    @Override
                    public long length() {
                        return length;
                    }

                    @Override
                    public int read(byte[] buffer, long received) throws IOException, InterruptedException {
                        return Downloader.read(in, buffer, received, length);
                    }

                    @Override
                    public void close() {
                        in.close();
                    }
                };
            }
            default -> throw new IOException("unsupported scheme '" + scheme + "' (http, https or file)");
        }
    }

    private void fetchOnce(RemoteDataset.RemoteFile file, URI url, Path target)
            throws IOException, InterruptedException {
        try (Body in = open(url)) {
            long length = in.length();
            if (length > maxBytes) {
                throw new IOException("the file is " + length + " bytes (Content-Length), more than the cap of "
                        + maxBytes + " bytes for one download (" + DatasetStore.MAX_DOWNLOAD_PROPERTY + ")");
            }
            Path dir = target.getParent();
            long free = Files.getFileStore(dir).getUsableSpace();
            if (length > free) {
                throw new TargetFailure("not enough space in " + dir + " for " + file.name() + ": it is " + length
                        + " bytes, " + free + " bytes are free");
            }
            download(file, url, in, length, target);
        }
    }

    private void download(RemoteDataset.RemoteFile file, URI url, Body in, long length, Path target)
            throws IOException, InterruptedException {
        Path tmp;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + file.name() + ".", ".part");
        } catch (IOException e) {
            throw new TargetFailure("cannot create a temporary file in " + target.getParent() + ": " + e);
        }
        try {
            MessageDigest md5 = md5();
            long received = 0;
            long nextReport = 0;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer, received)) >= 0; ) {
                    received += n;
                    if (received > maxBytes) {
                        throw new IOException("the mirror sent more than the cap of " + maxBytes + " bytes for one "
                                + "download (" + DatasetStore.MAX_DOWNLOAD_PROPERTY + ")");
                    }
                    if (length >= 0 && received > length) {
                        throw new IOException("the mirror sent more than its Content-Length of " + length + " bytes");
                    }
                    write(out, buffer, n, tmp);
                    md5.update(buffer, 0, n);
                    if (received >= nextReport) {
                        report(file, url, received, length);
                        nextReport = received + Math.max(1 << 20, length / 10);
                    }
                }
                if (length >= 0 && received != length) {
                    throw new IOException("connection ended after " + received + " of " + length + " bytes");
                }
                out.flush();
                channel.force(true);
            }
            report(file, url, received, length);
            String actual = HexFormat.of().formatHex(md5.digest());
            if (!actual.equals(file.md5())) {
                throw new IOException("checksum mismatch: MD5 " + actual + ", published " + file.md5());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A write; a full disk is not the mirror's fault, and the message names the file. */
    private static void write(OutputStream out, byte[] buffer, int n, Path tmp) throws TargetFailure {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new TargetFailure("writing " + tmp + ": " + e.getMessage());
        }
    }

    /** The host of an http(s) mirror, the path of a file: one, for progress lines. */
    private static String where(URI url) {
        return url.getHost() != null ? url.getHost() : String.valueOf(url.getPath());
    }

    /** One read; a stall says how far the file had come. */
    private static int read(BodyReader in, byte[] buffer, long received, long length)
            throws IOException, InterruptedException {
        try {
            return in.read(buffer);
        } catch (BodyReader.StalledException e) {
            throw new IOException("the mirror stalled: " + e.getMessage() + " after " + received
                    + (length >= 0 ? " of " + length : "") + " bytes", e);
        }
    }

    private void report(RemoteDataset.RemoteFile file, URI url, long received, long length) {
        if (length > 0) {
            progress.printf(Locale.ROOT, "  %s from %s: %3d%% (%.1f of %.1f MB)%n", file.name(), where(url),
                    received * 100 / length, received / 1e6, length / 1e6);
        } else {
            progress.printf(Locale.ROOT, "  %s from %s: %.1f MB%n", file.name(), where(url), received / 1e6);
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** The MD5 of a file, lower-case hex. */
    static String md5(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }
}
