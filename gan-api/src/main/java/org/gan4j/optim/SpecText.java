package org.gan4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form {@code name(key=value,...)} shared by {@link OptimizerSpec} and {@link LearningRateSchedule}: parsed
 * into a name and its numbers, every problem reported with the text and the key named.
 */
final class SpecText {

    final String name;
    private final String text;
    private final Map<String, String> values;

    private SpecText(String text, String name, Map<String, String> values) {
        this.text = text;
        this.name = name;
        this.values = values;
    }

    /** Splits {@code name}, {@code name()} or {@code name(k=v,k=v)}; keys must be among {@code allowed}. */
    static SpecText parse(String what, String text, List<String> names, Map<String, List<String>> allowed) {
        String t = text.strip();
        int open = t.indexOf('(');
        String name = (open < 0 ? t : t.substring(0, open)).strip();
        if (!names.contains(name)) {
            throw new IllegalArgumentException(what + " '" + text + "': unknown name '" + name + "'; expected one of "
                    + String.join(", ", names));
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (open >= 0) {
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException(what + " '" + text + "': missing ')' at the end");
            }
            String body = t.substring(open + 1, t.length() - 1).strip();
            if (!body.isEmpty()) {
                for (String part : body.split(",", -1)) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException(what + " '" + text + "': '" + part.strip()
                                + "' is not key=value");
                    }
                    String key = part.substring(0, eq).strip();
                    if (!allowed.get(name).contains(key)) {
                        throw new IllegalArgumentException(what + " '" + text + "': " + name + " has no setting '"
                                + key + "'; it takes " + String.join(", ", allowed.get(name)));
                    }
                    if (values.put(key, part.substring(eq + 1).strip()) != null) {
                        throw new IllegalArgumentException(what + " '" + text + "': " + key + " is given twice");
                    }
                }
            }
        }
        return new SpecText(text, name, values);
    }

    /** The number given for {@code key}, or {@code fallback} (NaN: required). */
    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            if (Double.isNaN(fallback)) {
                throw new IllegalArgumentException("'" + text + "': " + name + " needs " + key + "=<number>");
            }
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': " + key + " must be a number, got '" + v + "'");
        }
    }

    /** The whole number given for {@code key}, if any. */
    java.util.OptionalLong whole(String key) {
        String v = values.get(key);
        if (v == null) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': " + key + " must be a whole number, got '" + v + "'");
        }
    }

    /** Rethrows a record's validation error with the text it came from. */
    static IllegalArgumentException in(String text, IllegalArgumentException e) {
        return new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
}
