package org.gan4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {

    /** A provider with a fixed name, priority and availability. */
    public static class Stub implements GanProvider {
        private final String name;
        private final int priority;
        private final boolean available;

        public Stub() {
            this("stub", 1, true);
        }

        Stub(String name, int priority, boolean available) {
            this.name = name;
            this.priority = priority;
            this.available = available;
        }

        @Override public String name() { return name; }
        @Override public int priority() { return priority; }
        @Override public boolean isAvailable() { return available; }
        @Override public GanEngine create() { throw new UnsupportedOperationException(); }
    }

    @Test
    void noProviderNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> Providers.select(List.of(), ""))
                .isInstanceOf(ProviderNotFoundException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no gan4j provider found")
                .hasMessageContaining("org.gan4j:gan-nd4j");
    }

    @Test
    void theHighestPriorityAvailableProviderWinsDeterministically() {
        Stub low = new Stub("low", 1, true);
        Stub high = new Stub("high", 10, true);
        Stub off = new Stub("off", 100, false);
        Stub tie = new Stub("a-tie", 10, true);
        assertThat(Providers.select(List.of(low, high, off), "")).isSameAs(high);
        assertThat(Providers.select(List.of(low, high, tie), "")).isSameAs(tie);
        assertThat(Providers.select(List.of(tie, high, low), "")).isSameAs(tie);
    }

    @Test
    void aProviderCanBeRequestedByNameAndAnUnknownNameListsTheOthers() {
        Stub low = new Stub("low", 1, true);
        Stub high = new Stub("high", 10, true);
        assertThat(Providers.select(List.of(low, high), "low")).isSameAs(low);
        assertThatThrownBy(() -> Providers.select(List.of(low, high), "cuda"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessageContaining("'cuda'")
                .hasMessageContaining("gan4j.provider")
                .hasMessageContaining("[low, high]");
    }

    @Test
    void aProviderWhoseAvailabilityCheckThrowsIsSkipped() {
        Stub broken = new Stub("broken", 50, true) {
            @Override public boolean isAvailable() { throw new NoClassDefFoundError("org/missing/Thing"); }
        };
        Stub ok = new Stub("ok", 1, true);
        assertThat(Providers.select(List.of(broken, ok), "")).isSameAs(ok);
    }

    @Test
    void aBrokenServiceEntryIsReportedAndSkipped(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(GanProvider.class.getName()),
                "org.gan4j.missing.NoSuchProvider\n" + Stub.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ProvidersTest.class.getClassLoader())) {
            List<GanProvider> found = Providers.load(loader);
            assertThat(found).hasSize(1);
            assertThat(found.get(0).name()).isEqualTo("stub");
        }
    }
}
