package dev.handoff.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A consumer copies an example's POM and builds it with whatever Maven they have. An older Maven
 * (3.8, Debian's) picks its own old defaults for the lifecycle's plugins (maven-resources-plugin
 * 2.6, a surefire that needs plexus-utils 1.1) and fails offline, so every example pins each plugin
 * the default lifecycle runs, unless its parent (Spring Boot's) does.
 */
class ExamplePomsTest {
  private static final Path EXAMPLES = Path.of("../examples");
  private static final List<String> LIFECYCLE =
      List.of(
          "maven-clean-plugin",
          "maven-resources-plugin",
          "maven-compiler-plugin",
          "maven-surefire-plugin",
          "maven-jar-plugin",
          "maven-install-plugin",
          "maven-deploy-plugin",
          "maven-site-plugin");

  @Test
  void everyExamplePinsTheLifecyclesPlugins() throws Exception {
    List<Path> poms = examplePoms();
    assertThat(poms).as("example projects").hasSizeGreaterThanOrEqualTo(5);
    for (Path pom : poms) {
      Document document = parse(pom);
      if (hasPinningParent(document)) {
        continue;
      }
      Map<String, String> versions = pluginVersions(document);
      for (String plugin : LIFECYCLE) {
        assertThat(versions.get(plugin)).as(pom + " pins " + plugin).isNotBlank();
      }
      assertThat(hasPlexusUtils(document))
          .as(pom + " gives surefire its plexus-utils (Maven 3.8 would add 1.1)")
          .isTrue();
    }
  }

  private static List<Path> examplePoms() throws IOException {
    List<Path> poms = new ArrayList<>();
    try (Stream<Path> folders = Files.list(EXAMPLES)) {
      folders
          .map(folder -> folder.resolve("pom.xml"))
          .filter(Files::isRegularFile)
          .filter(pom -> !pom.getParent().getFileName().toString().equals("target"))
          .forEach(poms::add);
    }
    return poms;
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  private static boolean hasPinningParent(Document document) {
    NodeList parents = document.getDocumentElement().getElementsByTagName("parent");
    return parents.getLength() > 0
        && text((Element) parents.item(0), "artifactId").equals("spring-boot-starter-parent");
  }

  /** Each plugin's version, from {@code <plugins>} and {@code <pluginManagement>} alike. */
  private static Map<String, String> pluginVersions(Document document) {
    Map<String, String> versions = new HashMap<>();
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      String version = text(plugin, "version");
      if (!version.isEmpty()) {
        versions.put(text(plugin, "artifactId"), version);
      }
    }
    return versions;
  }

  private static boolean hasPlexusUtils(Document document) {
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (text(plugin, "artifactId").equals("maven-surefire-plugin")
          && plugin.getElementsByTagName("dependency").getLength() > 0) {
        NodeList dependencies = plugin.getElementsByTagName("dependency");
        for (int j = 0; j < dependencies.getLength(); j++) {
          if (text((Element) dependencies.item(j), "artifactId").equals("plexus-utils")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The text of {@code element}'s direct child {@code name}, or empty. */
  private static String text(Element element, String name) {
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
        return child.getTextContent().trim();
      }
    }
    return "";
  }
}
