package org.gan4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The text form of {@link Objective}: {@code name} or {@code name(key=value, ...)}; the one table of names. */
final class ObjectiveText {

    /** Every objective's text name and how to make it from its arguments (each taken out of the map it reads). */
    private static final Map<String, Function<Map<String, Double>, Objective>> PARSERS = parsers();

    private ObjectiveText() {
    }

    private static Map<String, Function<Map<String, Double>, Objective>> parsers() {
        Map<String, Function<Map<String, Double>, Objective>> m = new LinkedHashMap<>();
        m.put("bce", a -> new Objective.NonSaturating(take(a, "real", 1.0)));
        m.put("minimax", a -> new Objective.Minimax());
        m.put("lsgan", a -> new Objective.LeastSquares());
        m.put("wgan", a -> new Objective.Wasserstein(take(a, "clip", 0.0)));
        m.put("wgan-gp", a -> new Objective.WassersteinGp(take(a, "lambda", 10.0)));
        m.put("hinge", a -> new Objective.Hinge());
        m.put("ragan", a -> new Objective.RelativisticAverage());
        return Collections.unmodifiableMap(m);
    }

    private static double take(Map<String, Double> args, String key, double absent) {
        Double v = args.remove(key);
        return v != null ? v : absent;
    }

    static List<String> names() {
        return List.copyOf(PARSERS.keySet());
    }

    static Objective parse(String text) {
        String t = text.strip();
        int open = t.indexOf('(');
        String name = (open < 0 ? t : t.substring(0, open)).strip().toLowerCase(Locale.ROOT);
        Function<Map<String, Double>, Objective> make = PARSERS.get(name);
        if (make == null) {
            throw new IllegalArgumentException("unknown objective '" + text + "'; expected one of " + names());
        }
        Map<String, Double> args = new LinkedHashMap<>();
        if (open >= 0) {
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException("objective '" + text + "': missing ')'");
            }
            String inner = t.substring(open + 1, t.length() - 1).strip();
            for (String part : inner.isEmpty() ? new String[0] : inner.split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("objective '" + text + "': expected key=value, got '"
                            + part.strip() + "'");
                }
                String key = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                try {
                    args.put(key, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("objective '" + text + "': " + key + " must be a number, got '"
                            + value + "'");
                }
            }
        }
        Double aux = args.remove("aux"); // every objective takes it: an auxiliary classifier (ACGAN)
        Objective o = make.apply(args);
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("objective '" + text + "': " + name + " does not take " + args.keySet());
        }
        try {
            return aux == null ? o : new Objective.AuxiliaryClassifier(o, aux);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("objective '" + text + "': " + e.getMessage(), e);
        }
    }
}
