package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The README's code is the code of a real user's project, {@code src/it/readme-consumer}, which the build compiles
 * against the installed gan-api and gan-nd4j and runs (maven-invoker-plugin, see this module's pom). This test keeps
 * the two the same text, so that the README cannot show code that no longer compiles.
 *
 * <ul>
 *   <li>Every {@code ```java} block of README.md, in order, is the matching region of
 *       {@code src/it/readme-consumer/src/main/java/com/example/ReadmeExamples.java}: the lines between
 *       {@code // README:NAME:begin} and {@code // README:NAME:end}, de-indented by their common indentation.</li>
 *   <li>The README's {@code ```xml} dependencies are the consumer POM's (groupId, artifactId, scope, in order; the
 *       consumer's test dependencies aside), and every version is the one the root POM manages for that artifact
 *       ({@code ${project.version}}, {@code ${progressbar.version}}, ...). The consumer POM writes versions as
 *       {@code @property@} tokens, which the invoker fills in from this module's properties.</li>
 * </ul>
 *
 * <p>To change an example: edit the region in ReadmeExamples.java (it must compile and train: {@code ./mvnw -B
 * verify -pl gan-examples -am -DskipTests} runs the consumer alone), then copy the lines between the markers,
 * without their indentation, into the README's block. To add one: add a region (in a new method if it declares
 * variables the others do too) and a {@code ```java} block, in the same order in both files. A dependency: add it to
 * both the README's XML and the consumer's POM.
 */
class ReadmeSnippetsTest {

    static final Path README = Path.of("..", "README.md");
    static final Path ROOT_POM = Path.of("..", "pom.xml");
    static final Path BOM_POM = Path.of("..", "gan4j-bom", "pom.xml");
    static final Path CONSUMER = Path.of("src", "it", "readme-consumer");
    static final Path EXAMPLES = CONSUMER.resolve(Path.of("src", "main", "java", "com", "example",
            "ReadmeExamples.java"));

    private static final Pattern BEGIN = Pattern.compile("^\\s*// README:([\\w-]+):begin\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// README:([\\w-]+):end\\s*$");
    private static final Pattern TOKEN = Pattern.compile("@([\\w.-]+)@|\\$\\{([\\w.-]+)}");

    record Region(String name, String text) {
    }

    record Dependency(String groupId, String artifactId, String version, String scope) {
        String key() {
            return groupId + ":" + artifactId + ":" + scope;
        }
    }

    @Test
    void everyJavaBlockOfTheReadmeIsARegionOfTheConsumer() throws IOException {
        List<String> blocks = fencedBlocks(read(README), "java");
        List<Region> regions = regions(read(EXAMPLES));

        assertThat(blocks).as("```java blocks in %s", README).isNotEmpty();
        assertThat(regions).as("README regions in %s", EXAMPLES).isNotEmpty();
        assertThat(blocks).as("README's ```java blocks against the regions %s of %s",
                regions.stream().map(Region::name).toList(), EXAMPLES).hasSameSizeAs(regions);
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(blocks.get(i))
                    .as("README's ```java block %d against region '%s' of %s", i + 1, regions.get(i).name(), EXAMPLES)
                    .isEqualTo(regions.get(i).text());
        }
    }

    @Test
    void theReadmesDependenciesAreTheConsumersWithTheBuildsVersions() throws Exception {
        List<Dependency> readme = new ArrayList<>();
        for (String block : fencedBlocks(read(README), "xml")) {
            readme.addAll(dependencies(parse("<dependencies>" + block + "</dependencies>").getDocumentElement()));
        }
        Document consumerPom = parse(read(CONSUMER.resolve("pom.xml")));
        List<Dependency> consumer = dependencies(child(consumerPom.getDocumentElement(), "dependencies")).stream()
                .filter(d -> !d.scope().equals("test"))
                .toList();

        assertThat(readme).as("dependencies in README's ```xml").isNotEmpty();
        assertThat(readme.stream().map(Dependency::key))
                .as("README's dependencies against %s", CONSUMER.resolve("pom.xml"))
                .containsExactlyElementsOf(consumer.stream().map(Dependency::key).toList());

        // Versions are managed by the root POM and by the BOM it extends (gan4j's own artifacts, ND4J's).
        Map<String, String> properties = new HashMap<>();
        Map<String, String> managed = new HashMap<>();
        for (Path pom : List.of(ROOT_POM, BOM_POM)) {
            Document doc = parse(read(pom));
            properties.putAll(properties(doc));
            for (Dependency d : dependencies(child(child(doc.getDocumentElement(), "dependencyManagement"),
                    "dependencies"))) {
                managed.putIfAbsent(d.groupId() + ":" + d.artifactId(), d.version());
            }
        }
        managed.replaceAll((key, version) -> resolve(version, properties));
        for (int i = 0; i < readme.size(); i++) {
            Dependency d = readme.get(i);
            String version = managed.get(d.groupId() + ":" + d.artifactId());
            assertThat(version).as("version of %s managed by %s or %s", d.key(), ROOT_POM, BOM_POM).isNotNull();
            assertThat(d.version()).as("README's version of %s", d.key()).isEqualTo(version);
            assertThat(resolve(consumer.get(i).version(), properties))
                    .as("consumer's version of %s (%s)", d.key(), consumer.get(i).version()).isEqualTo(version);
        }
    }

    @Test
    void regionsAreDeIndentedAndBlocksFound() {
        String source = """
                class A {
                    void f() {
                        // README:one:begin
                        int a = 1;
                            // continued

                        int b = 2;
                        // README:one:end
                    }
                }
                """;
        assertThat(regions(source)).containsExactly(new Region("one", "int a = 1;\n    // continued\n\nint b = 2;"));
        assertThat(fencedBlocks("text\n```java\nx();\n```\n```bash\nls\n```\n```java\ny();\nz();\n```\n", "java"))
                .containsExactly("x();", "y();\nz();");
    }

    /** The contents of the fenced code blocks of one language, without the fences. */
    static List<String> fencedBlocks(String markdown, String language) {
        List<String> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown.split("\n", -1)) {
            if (current == null) {
                if (line.strip().equals("```" + language)) {
                    current = new ArrayList<>();
                }
            } else if (line.strip().equals("```")) {
                blocks.add(String.join("\n", current));
                current = null;
            } else {
                current.add(line);
            }
        }
        assertThat(current).as("an unclosed ```%s block", language).isNull();
        return blocks;
    }

    /** The marked regions of a source file, in order, each de-indented by its lines' common indentation. */
    static List<Region> regions(String source) {
        List<Region> regions = new ArrayList<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            Matcher begin = BEGIN.matcher(line);
            Matcher end = END.matcher(line);
            if (begin.matches()) {
                assertThat(name).as("region '%s' begins inside region '%s'", begin.group(1), name).isNull();
                name = begin.group(1);
                lines.clear();
            } else if (end.matches()) {
                assertThat(end.group(1)).as("end marker of region '%s'", name).isEqualTo(name);
                regions.add(new Region(name, deIndent(lines)));
                name = null;
            } else if (name != null) {
                lines.add(line);
            }
        }
        assertThat(name).as("an unclosed region").isNull();
        return regions;
    }

    private static String deIndent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).replace("\r\n", "\n");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new java.io.StringReader(xml)));
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element parent, String tag, String absent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().strip();
            }
        }
        return absent;
    }

    /** The {@code <dependency>} children of a {@code <dependencies>} element. */
    private static List<Dependency> dependencies(Element dependencies) {
        List<Dependency> list = new ArrayList<>();
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("dependency")) {
                list.add(new Dependency(text(e, "groupId", ""), text(e, "artifactId", ""), text(e, "version", ""),
                        text(e, "scope", "compile")));
            }
        }
        return list;
    }

    /** The root POM's properties and {@code project.version}. */
    private static Map<String, String> properties(Document pom) {
        Map<String, String> properties = new HashMap<>();
        Element project = pom.getDocumentElement();
        properties.put("project.version", text(project, "version", ""));
        Element props = child(project, "properties");
        for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return properties;
    }

    /** Replaces {@code ${name}} and {@code @name@} with the property's value. */
    private static String resolve(String value, Map<String, String> properties) {
        Matcher m = TOKEN.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            assertThat(properties).as("property %s in %s", name, value).containsKey(name);
            m.appendReplacement(out, Matcher.quoteReplacement(properties.get(name)));
        }
        return m.appendTail(out).toString();
    }
}
