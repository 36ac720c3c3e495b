package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.gan4j.Gan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the library jars carry for their users: an {@code Automatic-Module-Name}. From {@code package} on, Maven puts the reactor's built jars on this module's
 * test classpath, so {@code ./mvnw verify} checks the real artifacts; a build that stops at {@code test} (or an IDE)
 * sees class directories instead, and the test is skipped.
 */
class PublishedJarsTest {

    @ParameterizedTest
    @CsvSource({"org.gan4j.Gan, gan-api, org.gan4j", "org.gan4j.nd4j.Nd4jGanProvider, gan-nd4j, org.gan4j.nd4j"})
    void libraryJarsNameTheirModule(String className, String artifactId, String moduleName)
            throws IOException, URISyntaxException, ClassNotFoundException {
        Class<?> type = Class.forName(className, false, Gan.class.getClassLoader());
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isRegularFile(location), artifactId + " is on the classpath as " + location + ", not a jar");

        assertThat(location.getFileName().toString()).startsWith(artifactId + "-");
        try (JarFile jar = new JarFile(location.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo(moduleName);
        }
    }
}
