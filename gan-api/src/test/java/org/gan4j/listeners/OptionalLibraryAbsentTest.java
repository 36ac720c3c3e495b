package org.gan4j.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optional libraries really absent, as in a user's build that does not add them: gan-api's classes are loaded
 * afresh by a class loader over this JVM's class path minus the library's jar (its parent is the platform loader, so
 * nothing comes from the test's own loader), and {@link AbsentLibraryProbe} uses the listeners there. A listener that
 * needs the missing library must throw the {@link IllegalStateException} naming it (not a
 * {@link NoClassDefFoundError} from the verifier), and everything else must still work. A new optional library adds
 * its row to {@link #ROWS} and its actions to the probe.
 */
class OptionalLibraryAbsentTest {

    /**
     * One row per optional library: who needs it (the name in the message), the one class of gan-api that uses it,
     * and the probe's actions that need it.
     */
    private record Row(String user, String implementation, List<String> actions) {
    }

    private static final Map<OptionalLibrary, Row> ROWS = Map.of(
            OptionalLibrary.PROGRESS_BAR, new Row("ProgressBarListener", "org.gan4j.listeners.TongfeiProgressBar",
                    List.of("new ProgressBarListener()", "new ProgressBarListener(boolean)",
                            "new ProgressBarListener(PrintStream), a run")),
            OptionalLibrary.XCHART, new Row("LossPlotListener", "org.gan4j.listeners.XChartLossPlot",
                    List.of("new LossPlotListener(Path)", "new LossPlotListener(Path, Path), a run",
                            "RunLog.in(dir, {METRICS, LOSS_PLOT}), a run")));

    /** Actions that need no optional library. */
    private static final List<String> ALWAYS = List.of("RunLog.in(dir, {METRICS}), a run");

    @TempDir
    Path dir;

    @Test
    void everyOptionalLibraryHasARow() {
        assertThat(ROWS.keySet()).containsExactlyInAnyOrder(OptionalLibrary.values());
    }

    /**
     * The class files of gan-api name a library's classes in the implementation class only: any other class (a public
     * listener's field, signature, local or cast) could make the verifier load them, before the constructor's check.
     */
    @Test
    void onlyTheImplementationClassRefersToTheLibrary() throws Exception {
        Path classes = Path.of(OptionalLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).as("gan-api's classes").isDirectory();
        for (OptionalLibrary library : OptionalLibrary.values()) {
            String name = library.probeClass();
            String packagePath = name.substring(0, name.lastIndexOf('.') + 1).replace('.', '/');
            Set<String> referring;
            try (Stream<Path> files = Files.walk(classes)) {
                referring = files.filter(f -> f.toString().endsWith(".class"))
                        .filter(f -> read(f).contains(packagePath))
                        .map(f -> classes.relativize(f).toString().replace(File.separatorChar, '.')
                                .replaceFirst("(\\$.*)?\\.class$", ""))
                        .collect(Collectors.toSet());
            }
            assertThat(referring).as("gan-api's classes that refer to " + packagePath)
                    .containsExactly(ROWS.get(library).implementation());
        }
    }

    /** A class file as ISO-8859-1 text: the names in it are ASCII, so they appear as they are. */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message's version is the one the build uses (and these tests run with). */
    @Test
    void theVersionNamedIsTheOneOnTheClassPath() throws Exception {
        for (OptionalLibrary library : OptionalLibrary.values()) {
            assertThat(jarOf(library).getFileName().toString()).isEqualTo(library.jarName());
        }
    }

    /** None missing (the loader alone changes nothing), each alone, all together. */
    static Stream<Set<OptionalLibrary>> missing() {
        Stream<Set<OptionalLibrary>> each = Stream.of(OptionalLibrary.values()).map(EnumSet::of);
        return Stream.of(Stream.of(EnumSet.noneOf(OptionalLibrary.class)), each,
                Stream.of(EnumSet.allOf(OptionalLibrary.class))).flatMap(s -> s);
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("missing")
    void listenersNameTheMissingLibraryAndTheRestWorks(Set<OptionalLibrary> missing) throws Exception {
        try (URLClassLoader loader = classPathWithout(missing)) {
            Class<?> probe = Class.forName(AbsentLibraryProbe.class.getName(), true, loader);
            assertThat(probe.getMethod("listenersLoader").invoke(null)).as("gan-api loaded afresh").isSameAs(loader);
            for (OptionalLibrary library : OptionalLibrary.values()) {
                assertThat(probe.getMethod("loadable", String.class).invoke(null, library.probeClass()))
                        .as(library.probeClass()).isEqualTo(missing.contains(library) ? "absent" : "present");
            }

            @SuppressWarnings("unchecked")
            Map<String, String> outcomes = (Map<String, String>) probe.getMethod("run", Path.class).invoke(null, dir);

            Map<String, String> expected = new LinkedHashMap<>();
            ROWS.forEach((library, row) -> row.actions().forEach(action -> expected.put(action,
                    missing.contains(library)
                            ? IllegalStateException.class.getName() + ": " + library.missingMessage(row.user())
                            : AbsentLibraryProbe.OK)));
            ALWAYS.forEach(action -> expected.put(action, AbsentLibraryProbe.OK));
            boolean plot = !missing.contains(OptionalLibrary.XCHART);
            Set<RunLog.Output> outputs = EnumSet.allOf(RunLog.Output.class);
            if (!plot) {
                outputs.remove(RunLog.Output.LOSS_PLOT);
            }
            expected.put("RunLog.in(dir) outputs", outputs.toString());
            expected.put("RunLog.in(dir) layout", (plot
                    ? List.of("samples/", "metrics.csv", "loss.png", "logs/", "report.html")
                    : List.of("samples/", "metrics.csv", "logs/", "report.html")).toString());
            expected.put("RunLog.in(dir) log", (plot ? List.of() : List.of("INFO "
                    + OptionalLibrary.XCHART.missingMessage("the loss plot") + "; writing the rest")).toString());
            assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    /**
     * A loader over this JVM's class path without the jars of {@code missing} (found as the jars its classes come
     * from here), whose parent is the platform loader.
     */
    private static URLClassLoader classPathWithout(Set<OptionalLibrary> missing) throws Exception {
        Set<Path> jars = new HashSet<>();
        for (OptionalLibrary library : missing) {
            jars.add(jarOf(library));
        }
        List<URL> kept = new ArrayList<>();
        List<Path> left = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (jars.contains(p)) {
                left.add(p);
            } else {
                kept.add(p.toUri().toURL());
            }
        }
        assertThat(left).as("the class path entries left out").containsExactlyInAnyOrderElementsOf(jars);
        return new URLClassLoader("without " + missing.stream().map(Enum::name).collect(Collectors.joining(",")),
                kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** The jar that this test's loader loads the library from. */
    private static Path jarOf(OptionalLibrary library) throws Exception {
        Class<?> c = Class.forName(library.probeClass());
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    }
}
