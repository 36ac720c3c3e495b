package org.gan4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.gan4j.nn.NetworkSpec;
import org.gan4j.optim.LearningRateSchedule;
import org.gan4j.optim.OptimizerSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.util.DefaultIndenter;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.JsonNodeFactory;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * {@link RunSpec} as JSON, through the Jackson that nd4j-api brings (shaded as {@code org.nd4j.shade.jackson}): the
 * tree model only, walked by hand so that every refusal names its JSON path. Objective, optimizers, schedule and
 * layers are written in their text forms (the same the command line takes), so a config file reads like the
 * options that made it.
 */
final class RunSpecJson {

    /** The value of the {@code format} field; a later incompatible layout gets another. */
    static final String FORMAT = "gan4j-run-spec/1";
    /**
     * Deepest nesting a spec may have (it needs 3): checked before Jackson parses, whose recursive tree reader would
     * otherwise overflow the stack on a hostile {@code [[[[...}.
     */
    private static final int MAX_DEPTH = 16;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RunSpecJson() {
    }

    static String write(RunSpec s) {
        return text(tree(s));
    }

    private static ObjectNode tree(RunSpec s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("zDim", s.zDim());
        o.put("batchSize", s.batchSize());
        if (s.epochs() == Integer.MAX_VALUE && s.maxSteps() > 0) {
            o.putNull("epochs");
        } else {
            o.put("epochs", s.epochs());
        }
        if (s.maxSteps() > 0) {
            o.put("maxSteps", s.maxSteps());
        } else {
            o.putNull("maxSteps");
        }
        o.put("seed", s.seed());
        o.put("dataType", s.dataType().name());
        o.set("generator", architecture(s.generator()));
        o.set("discriminator", architecture(s.discriminator()));
        o.put("objective", s.objective().toString());
        o.put("criticSteps", s.criticSteps());
        o.put("generatorOptimizer", s.generatorOptimizer().toString());
        o.put("discriminatorOptimizer", s.discriminatorOptimizer().toString());
        o.put("learningRateSchedule", s.learningRateSchedule().toString());
        if (s.r1Penalty() > 0) {
            o.put("r1Penalty", s.r1Penalty());
        } else {
            o.putNull("r1Penalty");
        }
        if (s.generatorEma().isPresent()) {
            o.put("generatorEma", s.generatorEma().get().text());
        } else {
            o.putNull("generatorEma");
        }
        // optional, and written only when on: specs (and checkpoints) of runs without it are as before
        s.instanceNoise().ifPresent(n -> o.put("instanceNoise", n.text()));
        if (s.classes() > 0) {
            o.put("classes", s.classes()); // only for a conditional run: other runs' JSON stays as it was
        }
        return o;
    }

    private static String text(ObjectNode o) {
        try {
            // one array element a line too, so that a network's layers read top to bottom; "\n" on every system
            DefaultIndenter newline = new DefaultIndenter("  ", "\n");
            DefaultPrettyPrinter lines = new DefaultPrettyPrinter().withObjectIndenter(newline)
                    .withArrayIndenter(newline);
            return MAPPER.writer(lines).writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String provenance(Provenance p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (p.config().hasSpec()) {
            o.set("spec", tree(p.config().spec()));
        } else {
            o.putNull("spec");
        }
        o.put("config", p.config().toString());
        ObjectNode dataset = o.putObject("dataset");
        dataset.put("name", p.datasetName());
        dataset.put("size", p.datasetSize());
        o.put("provider", p.provider());
        o.put("backend", p.backend());
        o.put("gan4jVersion", p.libraryVersion());
        o.put("steps", p.steps());
        o.put("epochs", p.epochs());
        o.put("startedAt", p.startedAt().toString());
        o.put("wallTimeSeconds", p.wallTime().toNanos() / 1e9);
        return text(o);
    }

    private static ObjectNode architecture(RunSpec.Architecture a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (a instanceof RunSpec.Architecture.OfMlp m) {
            o.put("type", "mlp");
            ArrayNode hidden = o.putArray("hidden");
            m.mlp().hiddenWidths().forEach(hidden::add);
            o.put("hiddenActivation", m.mlp().hiddenActivation().toString());
            o.put("outputActivation", m.mlp().outputActivation().toString());
        } else if (a instanceof RunSpec.Architecture.OfSpec n) {
            o.put("type", "sequential");
            o.put("input", n.spec().inputShape().toString());
            ArrayNode layers = o.putArray("layers");
            n.spec().layerTexts().forEach(layers::add);
        }
        return o;
    }

    /** A field's value for a message: the text form a config file holds. */
    static String describe(Object value) {
        if (value instanceof RunSpec.Architecture.OfMlp m) {
            return m.mlp().toString();
        }
        if (value instanceof RunSpec.Architecture.OfSpec n) {
            return n.spec().toString();
        }
        if (value instanceof java.util.Optional<?> o) {
            return o.map(RunSpecJson::describe).orElse("off");
        }
        if (value instanceof GeneratorEma ema) {
            return ema.text();
        }
        if (value instanceof InstanceNoise noise) {
            return noise.text();
        }
        return String.valueOf(value);
    }

    static RunSpec read(String json) {
        checkDepth(json);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException("$: not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("$: empty; expected a JSON object");
        }
        Fields f = new Fields("$", root);
        String format = f.text("format");
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException("$.format: expected \"" + FORMAT + "\", got \"" + format + "\"");
        }
        int zDim = f.integer("zDim");
        int batchSize = f.integer("batchSize");
        Integer epochs = f.nullableInteger("epochs");
        Long maxSteps = f.nullableLong("maxSteps");
        if (epochs == null && maxSteps == null) {
            throw new IllegalArgumentException("$.epochs: null (as many as maxSteps needs) but maxSteps is null too;"
                    + " give a number of epochs or a step limit");
        }
        long seed = f.longValue("seed");
        DataType dataType = f.parsed("dataType", t -> {
            if (!t.equals("FLOAT") && !t.equals("DOUBLE")) {
                throw new IllegalArgumentException("expected \"FLOAT\" or \"DOUBLE\", got \"" + t + "\"");
            }
            return DataType.valueOf(t);
        });
        RunSpec.Architecture generator = architecture(f.object("generator"));
        RunSpec.Architecture discriminator = architecture(f.object("discriminator"));
        Objective objective = f.parsed("objective", Objective::parse);
        int criticSteps = f.integer("criticSteps");
        OptimizerSpec gOpt = f.parsed("generatorOptimizer", OptimizerSpec::parse);
        OptimizerSpec dOpt = f.parsed("discriminatorOptimizer", OptimizerSpec::parse);
        LearningRateSchedule schedule = f.parsed("learningRateSchedule", LearningRateSchedule::parse);
        double r1 = f.nullableNumber("r1Penalty");
        java.util.Optional<GeneratorEma> ema = java.util.Optional.ofNullable(f.nullableParsed("generatorEma",
                GeneratorEma::parse));
        java.util.Optional<InstanceNoise> noise = java.util.Optional.ofNullable(f.optionalParsed("instanceNoise",
                InstanceNoise::parse));
        int classes = f.has("classes") ? f.integer("classes") : 0;
        f.noOthers();
        int e = epochs == null ? Integer.MAX_VALUE : epochs;
        long m = maxSteps == null ? 0 : maxSteps;
        try {
            return new RunSpec(zDim, batchSize, e, m, seed, dataType, generator, discriminator, objective,
                    criticSteps, gOpt, dOpt, schedule, r1, ema, noise, classes);
        } catch (IllegalArgumentException ex) {
            String msg = ex.getMessage();
            int space = msg.indexOf(' ');
            throw new IllegalArgumentException("$." + (space > 0 ? msg.substring(0, space) : "") + ": " + msg);
        }
    }

    private static RunSpec.Architecture architecture(Fields f) {
        String type = f.text("type");
        if (type.equals("mlp")) {
            List<Integer> hidden = new ArrayList<>();
            ArrayNode widths = f.array("hidden");
            for (int i = 0; i < widths.size(); i++) {
                hidden.add(Fields.integer(f.path + ".hidden[" + i + "]", widths.get(i)));
            }
            Activation hiddenActivation = f.parsed("hiddenActivation", Activation::parse);
            Activation outputActivation = f.parsed("outputActivation", Activation::parse);
            f.noOthers();
            try {
                return new RunSpec.Architecture.OfMlp(Mlp.of(hiddenActivation, outputActivation,
                        hidden.stream().mapToInt(Integer::intValue).toArray()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f.path + ".hidden: " + e.getMessage());
            }
        }
        if (type.equals("sequential")) {
            String input = f.text("input");
            ArrayNode layers = f.array("layers");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                JsonNode layer = layers.get(i);
                if (!layer.isTextual()) {
                    throw new IllegalArgumentException(f.path + ".layers[" + i + "]: expected a string (a layer's "
                            + "text form, e.g. \"dense(256)\"), got " + Fields.kind(layer));
                }
                texts.add(layer.textValue());
            }
            f.noOthers();
            try {
                return new RunSpec.Architecture.OfSpec(NetworkSpec.parse(input, texts));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f.path + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(f.path + ".type: expected \"mlp\" or \"sequential\", got \"" + type + "\"");
    }

    /** Refuses nesting deeper than {@link #MAX_DEPTH}, counting brackets outside strings. */
    private static void checkDepth(String json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("$: nested deeper than " + MAX_DEPTH + " levels (at character "
                            + i + "); a run spec needs 3");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    /** One JSON object's fields, taken one by one so that what is left over is an unknown field. */
    private static final class Fields {
        private final String path;
        private final JsonNode node;
        private final Set<String> taken = new LinkedHashSet<>();

        Fields(String path, JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalArgumentException(path + ": expected an object, got " + kind(node));
            }
            this.path = path;
            this.node = node;
        }

        private JsonNode take(String name) {
            taken.add(name);
            JsonNode v = node.get(name);
            if (v == null) {
                throw new IllegalArgumentException(path + "." + name + ": missing (required)");
            }
            return v;
        }

        /** Whether the object has the field (for optional fields written only when set). */
        boolean has(String name) {
            return node.has(name);
        }

        String text(String name) {
            JsonNode v = take(name);
            if (!v.isTextual()) {
                throw new IllegalArgumentException(path + "." + name + ": expected a string, got " + kind(v));
            }
            return v.textValue();
        }

        <T> T parsed(String name, Function<String, T> parser) {
            String t = text(name);
            try {
                return parser.apply(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + "." + name + ": " + e.getMessage());
            }
        }

        int integer(String name) {
            return integer(path + "." + name, take(name));
        }

        static int integer(String path, JsonNode v) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException(path + ": expected a whole number from " + Integer.MIN_VALUE
                        + " to " + Integer.MAX_VALUE + ", got " + kind(v));
            }
            return v.intValue();
        }

        long longValue(String name) {
            JsonNode v = take(name);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new IllegalArgumentException(path + "." + name + ": expected a whole number that fits in 64 "
                        + "bits, got " + kind(v));
            }
            return v.longValue();
        }

        Integer nullableInteger(String name) {
            JsonNode v = take(name);
            return v.isNull() ? null : integer(path + "." + name, v);
        }

        /** A number, or null for 0 (none). */
        double nullableNumber(String name) {
            JsonNode v = take(name);
            if (v.isNull()) {
                return 0;
            }
            if (!v.isNumber()) {
                throw new IllegalArgumentException(path + "." + name + ": expected a number or null, got " + kind(v));
            }
            return v.doubleValue();
        }

        /** A string read by {@code parser}, or null. */
        <T> T nullableParsed(String name, Function<String, T> parser) {
            if (node.get(name) != null && node.get(name).isNull()) {
                taken.add(name);
                return null;
            }
            return parsed(name, parser);
        }

        /** A string read by {@code parser}, or null when the field is absent or null (a field added later). */
        <T> T optionalParsed(String name, Function<String, T> parser) {
            if (node.get(name) == null || node.get(name).isNull()) {
                taken.add(name);
                return null;
            }
            return parsed(name, parser);
        }

        Long nullableLong(String name) {
            JsonNode v = take(name);
            if (v.isNull()) {
                return null;
            }
            taken.remove(name);
            return longValue(name);
        }

        Fields object(String name) {
            return new Fields(path + "." + name, take(name));
        }

        ArrayNode array(String name) {
            JsonNode v = take(name);
            if (!v.isArray()) {
                throw new IllegalArgumentException(path + "." + name + ": expected an array, got " + kind(v));
            }
            return (ArrayNode) v;
        }

        void noOthers() {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!taken.contains(name)) {
                    throw new IllegalArgumentException(path + "." + name + ": unknown field; expected only "
                            + String.join(", ", taken));
                }
            }
        }

        /** What a node is, for a message: its JSON type and, if short, its text. */
        static String kind(JsonNode v) {
            String type = v.isTextual() ? "a string" : v.isNumber() ? "a number" : v.isBoolean() ? "a boolean"
                    : v.isNull() ? "null" : v.isArray() ? "an array" : v.isObject() ? "an object" : "a value";
            String text = v.toString();
            return text.length() <= 40 ? type + " " + text : type;
        }
    }
}
