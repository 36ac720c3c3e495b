package org.gan4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from mirrors served by a test HTTP server on 127.0.0.1, with the real MNIST test files and their
 * published checksums: good, missing (404), corrupted and dropped mirrors.
 */
class DatasetStoreTest {

    static final Path FIXTURES = Path.of("..", "data", "mnist");
    private static final RemoteDataset T10K = RemoteDataset.MNIST_T10K;

    @TempDir
    Path cache;

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger goodRequests = new AtomicInteger();
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
        server.createContext("/missing/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/corrupt/", ex -> {
            byte[] data = fixture(ex);
            data[data.length / 2] ^= 0x40;
            ex.sendResponseHeaders(200, data.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(data);
            }
        });
        server.createContext("/drop/", ex -> {
            byte[] data = fixture(ex);
            ex.sendResponseHeaders(200, data.length);
            OutputStream out = ex.getResponseBody();
            out.write(data, 0, data.length / 2);
            out.flush();
            closeAbruptly(ex);
        });
        server.createContext("/stall/", ex -> {
            byte[] data = fixture(ex);
            ex.sendResponseHeaders(200, data.length);
            OutputStream out = ex.getResponseBody();
            out.write(data, 0, data.length / 2);
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS); // a mirror that stops sending but keeps the connection open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeAbruptly(ex);
        });
        server.setExecutor(Executors.newCachedThreadPool()); // a stalled exchange must not block the next one
        server.start();
    }

    private static void closeAbruptly(HttpExchange ex) {
        try {
            ex.close(); // fewer bytes than Content-Length: the server drops the connection
        } catch (RuntimeException e) {
            // expected: insufficient bytes written
        }
    }

    private static byte[] fixture(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        return Files.readAllBytes(FIXTURES.resolve(path.substring(path.lastIndexOf('/') + 1)));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private DatasetStore store(boolean download, String... mirrors) {
        DatasetStore.Builder b = DatasetStore.builder().cacheDir(cache).allowDownload(download).progress(progress)
                .stallTimeout(Duration.ofSeconds(1));
        if (mirrors.length > 0) {
            b.mirrors(Stream.of(mirrors).map(this::mirror).toList());
        }
        return b.build();
    }

    private List<Path> cachedFiles() throws IOException {
        Path dir = cache.resolve(T10K.name());
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void downloadsVerifiesCachesAndThenUsesTheCache() throws IOException {
        ImageDataset first = store(true, "good").load(T10K);
        assertThat(first.size()).isEqualTo(10_000);
        assertThat(first.label(0)).isEqualTo(7);
        assertThat(goodRequests.get()).isEqualTo(2);
        assertThat(cachedFiles()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        assertThat(progressBytes.toString(StandardCharsets.UTF_8)).contains("100%");

        ImageDataset second = store(false).load(T10K);
        assertThat(second.size()).isEqualTo(10_000);
        assertThat(goodRequests.get()).as("second run reads the cache").isEqualTo(2);
    }

    @Test
    void aMirrorThatAnswers404FallsThroughToTheNext() throws IOException {
        assertThat(store(true, "missing", "good").load(T10K).size()).isEqualTo(10_000);
        assertThat(progressBytes.toString(StandardCharsets.UTF_8)).contains("HTTP 404");
    }

    @Test
    void corruptedBytesAreRejectedAndNothingIsCached() throws IOException {
        assertThatThrownBy(() -> store(true, "corrupt").load(T10K))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("published 9fb629c4189551a2d022fa330f9573f3");
        assertThat(cachedFiles()).isEmpty();
        assertThat(store(true, "corrupt", "good").load(T10K).size()).isEqualTo(10_000);
    }

    @Test
    void aConnectionThatDropsMidFileLeavesNoPartialFile() throws IOException {
        assertThatThrownBy(() -> store(true, "drop").load(T10K))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("could not download t10k-images-idx3-ubyte.gz");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void aMirrorThatStopsSendingIsAbandonedForTheNextOne() throws IOException {
        long start = System.nanoTime();
        ImageDataset data = store(true, "stall", "good").load(T10K);
        assertThat(data.size()).isEqualTo(10_000);
        assertThat(progressBytes.toString(StandardCharsets.UTF_8))
                .containsPattern("failed: the mirror stalled: no data for 1 s after \\d+ of \\d+ bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(cachedFiles()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void offlineWithNothingCachedSaysWhatToDo() {
        assertThatThrownBy(() -> store(false).load(T10K))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("mnist-t10k is not in " + cache.resolve("mnist-t10k"))
                .hasMessageContaining("t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining("--download")
                .hasMessageContaining("https://ossci-datasets.s3.amazonaws.com/mnist/");
        assertThat(goodRequests.get()).isZero();
    }

    @Test
    void aDamagedCachedFileIsNeverUsed() throws IOException {
        store(true, "good").load(T10K);
        Path images = cache.resolve("mnist-t10k/t10k-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(images);
        bytes[100] ^= 1;
        Files.write(images, bytes);
        assertThatThrownBy(() -> store(false).load(T10K))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageStartingWith(images + ": MD5 differs");
        assertThat(store(true, "good").load(T10K).size()).as("fetched again").isEqualTo(10_000);
        assertThat(Downloader.md5(images)).isEqualTo(T10K.images().md5());
    }

    @Test
    void fashionMnistFromTheDebianPackage() throws IOException {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(debian.resolve("train-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
        ImageDataset fashion = store(false).load(RemoteDataset.FASHION_MNIST);
        assertThat(fashion.size()).isEqualTo(60_000);
        assertThat(fashion.imageSize()).isEqualTo(784);
        assertThat(fashion.labels()).contains(0, 9);
    }

    @Test
    void knownNamesAndUnknownOnes() {
        assertThat(RemoteDataset.named("Fashion-MNIST")).isSameAs(RemoteDataset.FASHION_MNIST);
        assertThatThrownBy(() -> RemoteDataset.named("cifar10"))
                .hasMessage("unknown dataset 'cifar10'; known: mnist, mnist-t10k, fashion-mnist, fashion-mnist-t10k");
    }
}
