package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The release layout of the reactor: the BOM lists every published module, and repeats the root pom's
 * plugin versions where it has to (it has no parent). Read from the poms beside this module.
 */
class ReleaseLayoutTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void theBomListsEveryPublishedModule() throws Exception {
    List<String> bom = new ArrayList<>();
    for (Element dependency : children(path(read(ROOT.resolve("validator-bom/pom.xml")),
        "dependencyManagement", "dependencies"), "dependency")) {
      bom.add(text(dependency, "artifactId"));
    }
    List<String> published = new ArrayList<>();
    for (Element module : children(path(read(ROOT.resolve("pom.xml")), "modules"), "module")) {
      Path pom = ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml");
      Document document = read(pom);
      Element properties = path(document, "properties");
      String skip = properties == null ? null : text(properties, "maven.deploy.skip");
      String packaging = text(document.getDocumentElement(), "packaging");
      String artifactId = text(document.getDocumentElement(), "artifactId");
      if (!"true".equals(skip) && !"pom".equals(packaging)) {
        published.add(artifactId);
      }
    }
    assertThat(published).as("published jar modules of the root pom (maven.deploy.skip not true)")
        .contains("validator-core").isSubsetOf(bom);
  }

  @Test
  void theBomUsesTheRootPomsPluginVersions() throws Exception {
    Map<String, String> root = pluginVersions(read(ROOT.resolve("pom.xml")));
    Map<String, String> bom = pluginVersions(read(ROOT.resolve("validator-bom/pom.xml")));
    assertThat(bom).isNotEmpty();
    bom.forEach((plugin, version) -> assertThat(root).as(plugin).containsEntry(plugin, version));
  }

  private static Map<String, String> pluginVersions(Document pom) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (Element plugin : children(path(pom, "build", "pluginManagement", "plugins"), "plugin")) {
      versions.put(text(plugin, "artifactId"), text(plugin, "version"));
    }
    return versions;
  }

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(pom)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  /** The element at {@code names} below the project element, or null. */
  private static Element path(Document pom, String... names) {
    Element element = pom.getDocumentElement();
    for (String name : names) {
      List<Element> found = children(element, name);
      if (found.isEmpty()) {
        return null;
      }
      element = found.get(0);
    }
    return element;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
        found.add((Element) node);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }
}
