package org.gan4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * gan-api's users get nd4j-api (and its Jackson) and Guava from it and nothing else: every other dependency in its
 * POM is for tests or optional (the listeners that need a library say so at run time).
 */
class DependencyShapeTest {

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
    }

    @Test
    void usersGetOnlyNd4jApiAndGuava() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element dependencies = (Element) pom.getDocumentElement().getElementsByTagName("dependencies").item(0);
        List<String> transitive = new ArrayList<>();
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            if (!text(d, "scope").equals("test") && !text(d, "optional").equals("true")) {
                transitive.add(text(d, "groupId") + ":" + text(d, "artifactId"));
            }
        }
        // org.nd4j:jackson is nd4j-api's own dependency, declared because RunSpecJson uses it: nothing new for users
        assertThat(transitive).containsExactlyInAnyOrder("org.nd4j:nd4j-api", "org.nd4j:jackson",
                "com.google.guava:guava");
    }
}
