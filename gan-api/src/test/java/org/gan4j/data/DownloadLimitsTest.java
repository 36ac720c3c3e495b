package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile mirrors, served on 127.0.0.1: a Content-Length of 10^13, a body that never ends, a Content-Length larger
 * than any disk, and {@code file:} mirrors that fail (and one that works). Nothing may be left in the cache but
 * complete, verified files, and a bad mirror must never stop the next one from being tried.
 */
class DownloadLimitsTest {

    private static final RemoteDataset T10K = RemoteDataset.MNIST_T10K;

    @TempDir
    Path cache;

    private HttpServer server;
    private final AtomicInteger goodRequests = new AtomicInteger();
    private final AtomicLong endlessSent = new AtomicLong();
    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good/", ex -> {
            goodRequests.incrementAndGet();
            byte[] data = fixture(ex);
            ex.sendResponseHeaders(200, data.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(data);
            }
        });
        server.createContext("/huge/", ex -> {
            ex.sendResponseHeaders(200, 10_000_000_000_000L); // 10 TB announced
            sendUntilClosed(ex, 4);
        });
        server.createContext("/petabyte/", ex -> {
            ex.sendResponseHeaders(200, 1L << 50); // more than any test machine's disk
            sendUntilClosed(ex, 4);
        });
        server.createContext("/endless/", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length
            sendUntilClosed(ex, Integer.MAX_VALUE);
        });
        server.createContext("/missing/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Sends up to {@code chunks} chunks of 64 kB, until the client goes away. */
    private void sendUntilClosed(HttpExchange ex, int chunks) {
        byte[] chunk = new byte[1 << 16];
        try {
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < chunks; i++) {
                out.write(chunk);
                out.flush();
                endlessSent.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            // the client hung up, as it should
        } finally {
            try {
                ex.close();
            } catch (RuntimeException e) {
                // fewer bytes than announced
            }
        }
    }

    private static byte[] fixture(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        return Files.readAllBytes(DatasetStoreTest.FIXTURES.resolve(path.substring(path.lastIndexOf('/') + 1)));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private DatasetStore.Builder store(URI... mirrors) {
        return DatasetStore.builder().cacheDir(cache).allowDownload(true).progress(progress)
                .stallTimeout(Duration.ofSeconds(5)).mirrors(List.of(mirrors));
    }

    /** Everything in the dataset's cache directory, temporary files included. */
    private List<String> cached() throws IOException {
        Path dir = cache.resolve(T10K.name());
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aHugeContentLengthIsRefusedBeforeAnythingIsWrittenAndTheNextMirrorIsTried() throws IOException {
        assertThatThrownBy(() -> store(mirror("huge")).build().load(T10K))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("10000000000000 bytes (Content-Length), more than the cap of 268435456 bytes")
                .hasMessageContaining(DatasetStore.MAX_DOWNLOAD_PROPERTY);
        assertThat(cached()).as("no partial file under any name").isEmpty();

        assertThat(store(mirror("huge"), mirror("good")).build().load(T10K).size()).isEqualTo(10_000);
        assertThat(cached()).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void aBodyWithoutLengthIsCutOffAtTheCap() throws IOException {
        long cap = 1 << 20;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> store(mirror("endless")).maxDownloadBytes(cap).build().load(T10K))
                        .isInstanceOf(DatasetUnavailableException.class)
                        .hasMessageContaining("the mirror sent more than the cap of 1048576 bytes"));
        assertThat(cached()).as("the partial file is deleted").isEmpty();
        assertThat(endlessSent.get()).as("reading stopped near the cap").isLessThan(64L << 20);
    }

    @Test
    void theCapIsConfigurableByProperty() {
        System.setProperty(DatasetStore.MAX_DOWNLOAD_PROPERTY, "512k");
        try {
            assertThat(DatasetStore.defaultMaxDownloadBytes()).isEqualTo(512 * 1024);
            System.setProperty(DatasetStore.MAX_DOWNLOAD_PROPERTY, "-3");
            assertThatThrownBy(DatasetStore::defaultMaxDownloadBytes).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(DatasetStore.MAX_DOWNLOAD_PROPERTY + " must be a positive number");
        } finally {
            System.clearProperty(DatasetStore.MAX_DOWNLOAD_PROPERTY);
        }
        assertThat(DatasetStore.defaultMaxDownloadBytes()).isEqualTo(256L << 20);
        assertThatThrownBy(() -> DatasetStore.builder().maxDownloadBytes(0))
                .hasMessage("maxDownloadBytes must be positive, got 0");
    }

    @Test
    void aContentLengthAboveTheFreeSpaceEndsTheDownloadWithoutTryingOtherMirrors() throws IOException {
        assertThatThrownBy(() -> store(mirror("petabyte"), mirror("good")).maxDownloadBytes(Long.MAX_VALUE).build()
                .load(T10K))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("not enough space in " + cache.resolve(T10K.name()))
                .hasMessageContaining("t10k-images-idx3-ubyte.gz: it is " + (1L << 50) + " bytes");
        assertThat(goodRequests.get()).as("a full disk is not the mirror's fault").isZero();
        assertThat(cached()).isEmpty();
    }

    @Test
    void aFailingFileMirrorMovesOnToTheNextMirror() throws IOException {
        URI absent = cache.resolve("no-such-mirror").toUri();
        assertThat(store(absent, mirror("good")).build().load(T10K).size()).isEqualTo(10_000);
        assertThat(progressBytes.toString(StandardCharsets.UTF_8)).contains("failed")
                .contains("no-such-mirror");
        assertThat(goodRequests.get()).isEqualTo(2);
    }

    @Test
    void aFileMirrorThatHoldsTheFilesWorks() throws IOException {
        URI local = DatasetStoreTest.FIXTURES.toAbsolutePath().toUri();
        assertThat(store(local).build().load(T10K).size()).isEqualTo(10_000);
        assertThat(cached()).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void whenEveryMirrorFailsTheErrorListsEachOne() throws IOException {
        URI absent = cache.resolve("no-such-mirror").toUri();
        URI ftp = URI.create("ftp://127.0.0.1/mnist/");
        assertThatThrownBy(() -> store(absent, ftp, mirror("missing")).build().load(T10K))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("could not download t10k-images-idx3-ubyte.gz from any mirror: ")
                .hasMessageContaining("no-such-mirror/t10k-images-idx3-ubyte.gz: no such file")
                .hasMessageContaining("ftp://127.0.0.1/mnist/t10k-images-idx3-ubyte.gz: unsupported scheme 'ftp'")
                .hasMessageContaining(mirror("missing") + "t10k-images-idx3-ubyte.gz: HTTP 404");
        assertThat(cached()).isEmpty();
    }
}
