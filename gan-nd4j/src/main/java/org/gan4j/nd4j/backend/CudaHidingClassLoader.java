package org.gan4j.nd4j.backend;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Delegates everything to its parent, except that ND4J's backend service files are served without the CUDA backend
 * line. Installed with {@code ND4JClassLoading.setNd4jClassloader} before ND4J initialises, it makes ND4J's own
 * {@link java.util.ServiceLoader} see only the CPU backend. Lines are filtered, not whole files, because a fat jar
 * merges both backends into one service file.
 */
final class CudaHidingClassLoader extends ClassLoader {

    static final String SERVICE_FILE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    CudaHidingClassLoader(ClassLoader parent) {
        super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> original = super.getResources(name);
        if (!SERVICE_FILE.equals(name)) {
            return original;
        }
        List<URL> filtered = new ArrayList<>();
        int i = 0;
        for (URL url : Collections.list(original)) {
            byte[] content = withoutCuda(url).getBytes(StandardCharsets.UTF_8);
            filtered.add(new URL("gan4j-filtered", null, -1, "/" + (i++) + "/" + SERVICE_FILE, new Fixed(content)));
        }
        return Collections.enumeration(filtered);
    }

    @Override
    public URL getResource(String name) {
        if (SERVICE_FILE.equals(name)) {
            try {
                Enumeration<URL> all = getResources(name);
                return all.hasMoreElements() ? all.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }
        return super.getResource(name);
    }

    static String withoutCuda(URL url) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            return r.lines().filter(line -> !line.trim().equals(CUDA_BACKEND))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    /** Serves fixed bytes for an in-memory URL. */
    private static final class Fixed extends URLStreamHandler {
        private final byte[] content;

        Fixed(byte[] content) {
            this.content = content;
        }

        @Override
        protected URLConnection openConnection(URL u) {
            return new URLConnection(u) {
                @Override
                public void connect() {
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(content);
                }
            };
        }
    }
}
