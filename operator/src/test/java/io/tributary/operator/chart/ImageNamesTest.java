package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.operator.config.OperatorSettings;
import java.nio.file.Path;
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
import org.w3c.dom.NodeList;

/**
 * The images the {@code -Pimage} Jib profiles build are the images the chart deploys and the
 * operator gives its workloads by default, and they run as the chart's non-root user.
 */
class ImageNamesTest {

  @Test
  void theOperatorImageIsTheChartsDefault() throws Exception {
    Jib operator = Jib.of(Repository.root().resolve("operator/pom.xml"));
    RenderedChart chart = RenderedChart.withDefaults();

    assertThat(operator.image()).isEqualTo(chart.operatorContainer().path("image").asText());
    assertRunsAsTheChartsUser(operator, chart);
    assertThat(operator.mainClass()).isEqualTo(io.tributary.operator.Main.class.getName());
  }

  @Test
  void theRuntimeImageIsTheChartsAndTheOperatorsDefault() throws Exception {
    Jib runtime = Jib.of(Repository.root().resolve("pipeline-runtime/pom.xml"));
    RenderedChart chart = RenderedChart.withDefaults();

    assertThat(runtime.image())
        .isEqualTo(OperatorSettings.DEFAULT_RUNTIME_IMAGE)
        .isEqualTo(chart.operatorEnv().get("TRIBUTARY_RUNTIME_IMAGE"));
    assertRunsAsTheChartsUser(runtime, chart);
    assertThat(runtime.mainClass()).isEqualTo("io.tributary.runtime.Main");
  }

  private static void assertRunsAsTheChartsUser(Jib jib, RenderedChart chart) {
    String runAsUser = chart.deployment().at("/spec/template/spec/securityContext/runAsUser").asText();
    assertThat(jib.user()).startsWith(runAsUser + ":").doesNotStartWith("0:");
    assertThat(jib.baseImage()).isEqualTo("eclipse-temurin:17-jre");
    assertThat(jib.jvmFlags()).contains("-XX:MaxRAMPercentage=75");
  }

  /** The Jib configuration of a module's {@code image} profile, properties resolved. */
  private record Jib(String image, String baseImage, String user, String mainClass, List<String> jvmFlags) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    static Jib of(Path pom) throws Exception {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
      Element profile = null;
      NodeList profiles = doc.getElementsByTagName("profile");
      for (int i = 0; i < profiles.getLength(); i++) {
        Element candidate = (Element) profiles.item(i);
        if ("image".equals(text(candidate, "id"))) {
          profile = candidate;
        }
      }
      assertThat(profile).as("profile 'image' in %s", pom).isNotNull();
      Map<String, String> properties = new HashMap<>();
      NodeList propertyBlocks = profile.getElementsByTagName("properties");
      for (int i = 0; i < propertyBlocks.getLength(); i++) {
        NodeList children = propertyBlocks.item(i).getChildNodes();
        for (int j = 0; j < children.getLength(); j++) {
          if (children.item(j).getNodeType() == Node.ELEMENT_NODE) {
            properties.put(children.item(j).getNodeName(), children.item(j).getTextContent().trim());
          }
        }
      }
      Element jib = null;
      NodeList plugins = profile.getElementsByTagName("plugin");
      for (int i = 0; i < plugins.getLength(); i++) {
        if ("jib-maven-plugin".equals(text((Element) plugins.item(i), "artifactId"))) {
          jib = (Element) plugins.item(i);
        }
      }
      assertThat(jib).as("jib-maven-plugin in the image profile of %s", pom).isNotNull();
      Element to = (Element) jib.getElementsByTagName("to").item(0);
      Element from = (Element) jib.getElementsByTagName("from").item(0);
      List<String> flags = new java.util.ArrayList<>();
      NodeList flagNodes = jib.getElementsByTagName("jvmFlag");
      for (int i = 0; i < flagNodes.getLength(); i++) {
        flags.add(flagNodes.item(i).getTextContent().trim());
      }
      return new Jib(resolve(text(to, "image"), properties), resolve(text(from, "image"), properties),
          text(jib, "user"), text(jib, "mainClass"), flags);
    }

    private static String text(Element parent, String tag) {
      NodeList nodes = parent.getElementsByTagName(tag);
      return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static String resolve(String value, Map<String, String> properties) {
      Matcher m = PROPERTY.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement = properties.get(m.group(1));
        assertThat(replacement).as("property %s of %s, defined in the image profile", m.group(1), value).isNotNull();
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      return m.appendTail(out).toString();
    }
  }
}
