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
 * target, atomically. A 404, a dropped connection, a mirror that stops sending for the stall timeout or a checksum
 * mismatch deletes the temporary file and moves on to the next mirror, so nothing that looks valid is ever left
 * half-written.
 */
final class Downloader {

    /** How long a mirror may send nothing in the middle of a file before the attempt fails, unless told otherwise. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final PrintStream progress;
    private final Duration stallTimeout;

    Downloader(HttpClient client, PrintStream progress, Duration stallTimeout) {
        this.client = client;
        this.progress = progress;
        this.stallTimeout = stallTimeout;
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * Downloads {@code file} into {@code target}.
     *
     * @throws DatasetUnavailableException saying what every mirror answered, if none delivered a valid file
     */
    void fetch(RemoteDataset.RemoteFile file, List<URI> mirrors, Path target) throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI url = mirror.resolve(file.name());
            try {
                fetchOnce(file, url, target);
                return;
            } catch (IOException e) {
                failures.add(url + ": " + e.getMessage());
                progress.println("  " + file.name() + " from " + url.getHost() + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + url, e);
            }
        }
        throw new DatasetUnavailableException("could not download " + file.name() + " from any mirror: "
                + String.join("; ", failures));
    }

    private void fetchOnce(RemoteDataset.RemoteFile file, URI url, Path target)
            throws IOException, InterruptedException {
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
        Path tmp = Files.createTempFile(target.getParent(), "." + file.name() + ".", ".part");
        try {
            MessageDigest md5 = md5();
            long received = 0;
            long nextReport = 0;
            try (in;
                 FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = read(in, buffer, received, length)) >= 0; ) {
                    out.write(buffer, 0, n);
                    md5.update(buffer, 0, n);
                    received += n;
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
            progress.printf(Locale.ROOT, "  %s from %s: %3d%% (%.1f of %.1f MB)%n", file.name(), url.getHost(),
                    received * 100 / length, received / 1e6, length / 1e6);
        } else {
            progress.printf(Locale.ROOT, "  %s from %s: %.1f MB%n", file.name(), url.getHost(), received / 1e6);
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
