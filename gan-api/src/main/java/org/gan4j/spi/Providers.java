package org.gan4j.spi;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds the gan4j implementation (SLF4J 2 and DJL do the same).
 *
 * <ol>
 *   <li>Every {@link GanProvider} listed on the classpath is loaded; one that fails to load or to answer
 *       {@link GanProvider#isAvailable()} is logged and skipped, not fatal.</li>
 *   <li>If the system property {@value #PROVIDER_PROPERTY} is set, the provider of that name is used; an unknown or
 *       unavailable name is an error that lists the names found.</li>
 *   <li>Otherwise the available provider with the highest priority wins (ties: the smaller name); every candidate
 *       and the winner are logged.</li>
 *   <li>None at all: {@link ProviderNotFoundException} telling which artifact to add.</li>
 * </ol>
 *
 * <p>The engine is created once per JVM and provider name.
 */
public final class Providers {

    /** System property that selects a provider by name. */
    public static final String PROVIDER_PROPERTY = "gan4j.provider";

    /** What a user must add when no provider is found. */
    static final String IMPLEMENTATION_ARTIFACT = "org.gan4j:gan-nd4j";

    private static final System.Logger LOG = System.getLogger(Providers.class.getName());
    private static final Map<String, GanEngine> ENGINES = new ConcurrentHashMap<>();

    private Providers() {
    }

    /**
     * The engine of the selected provider, created on first use.
     *
     * @return the engine of the provider named by {@value #PROVIDER_PROPERTY}, else of the available provider of
     *     highest priority; the same instance on every call with the same property value
     * @throws ProviderNotFoundException if no provider is available, or the requested one is not
     */
    public static GanEngine engine() {
        String requested = System.getProperty(PROVIDER_PROPERTY, "").trim();
        return ENGINES.computeIfAbsent(requested, r -> select(load(Providers.class.getClassLoader()), r).create());
    }

    /**
     * Loads every provider the class loader lists, skipping (and logging) the broken ones.
     *
     * @param loader where to look for {@code META-INF/services/org.gan4j.spi.GanProvider}
     * @return the providers that could be instantiated, in the order the class loader lists them
     */
    public static List<GanProvider> load(ClassLoader loader) {
        List<GanProvider> found = new ArrayList<>();
        Iterator<GanProvider> it = ServiceLoader.load(GanProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // One broken jar must not hide the others; the iterator moves on to the next entry.
                LOG.log(Level.WARNING, "gan4j: skipping a provider that failed to load: " + e);
            }
        }
        return found;
    }

    /**
     * Chooses among loaded providers.
     *
     * @param providers the candidates
     * @param requested a provider name, or empty for the highest priority
     * @return the available provider named {@code requested}, else the one of highest priority (ties: smaller name)
     * @throws ProviderNotFoundException if none fits
     */
    public static GanProvider select(List<GanProvider> providers, String requested) {
        List<GanProvider> available = new ArrayList<>();
        for (GanProvider p : providers) {
            boolean ok;
            try {
                ok = p.isAvailable();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "gan4j: provider " + p.getClass().getName() + " failed its availability check: "
                        + e);
                ok = false;
            }
            LOG.log(Level.DEBUG, "gan4j: found provider " + safeName(p) + " (priority " + p.priority()
                    + (ok ? "" : ", unavailable") + ")");
            if (ok) {
                available.add(p);
            }
        }
        if (!requested.isEmpty()) {
            for (GanProvider p : available) {
                if (requested.equals(safeName(p))) {
                    return p;
                }
            }
            throw new ProviderNotFoundException("gan4j provider '" + requested + "' (system property "
                    + PROVIDER_PROPERTY + ") not found; available providers: " + names(available)
                    + (providers.size() > available.size() ? "; unavailable: " + names(unavailable(providers, available))
                    : ""));
        }
        if (available.isEmpty()) {
            throw new ProviderNotFoundException("no gan4j provider found on the classpath"
                    + (providers.isEmpty() ? "" : " (unavailable: " + names(providers) + ")")
                    + ". Add the implementation " + IMPLEMENTATION_ARTIFACT
                    + " to the runtime classpath (Maven: <artifactId>gan-nd4j</artifactId> with <scope>runtime</scope>)."
                    + " See docs/troubleshooting.md.");
        }
        available.sort(Comparator.comparingInt(GanProvider::priority).reversed()
                .thenComparing(Providers::safeName));
        GanProvider winner = available.get(0);
        Level level = available.size() > 1 ? Level.INFO : Level.DEBUG;
        LOG.log(level, "gan4j: using provider " + safeName(winner) + " among " + names(available));
        return winner;
    }

    private static List<GanProvider> unavailable(List<GanProvider> all, List<GanProvider> available) {
        return all.stream().filter(p -> !available.contains(p)).collect(Collectors.toList());
    }

    private static String names(List<GanProvider> providers) {
        return providers.isEmpty() ? "none"
                : providers.stream().map(Providers::safeName).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String safeName(GanProvider p) {
        try {
            return p.name();
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }
}
