package org.gan4j.nd4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaHidingClassLoaderTest {

    @Test
    void servesBackendServiceFilesWithoutTheCudaLine(@TempDir Path dir) throws IOException {
        // A fat jar's merged service file: both backends in one file.
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("org.nd4j.linalg.factory.Nd4jBackend"),
                "org.nd4j.linalg.jcublas.JCublasBackend\norg.nd4j.linalg.cpu.nativecpu.CpuBackend\n");
        Files.writeString(services.resolve("other.Service"), "org.nd4j.linalg.jcublas.JCublasBackend\n");
        try (URLClassLoader jars = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            CudaHidingClassLoader loader = new CudaHidingClassLoader(jars);
            List<String> contents = new ArrayList<>();
            for (URL url : Collections.list(loader.getResources(CudaHidingClassLoader.SERVICE_FILE))) {
                try (InputStream in = url.openStream()) {
                    contents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertThat(contents).containsExactly("org.nd4j.linalg.cpu.nativecpu.CpuBackend\n");
            try (InputStream in = loader.getResource("META-INF/services/other.Service").openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("other files untouched")
                        .contains("JCublasBackend");
            }
        }
    }
}
