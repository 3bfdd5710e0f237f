package io.tributary.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The alert rules of one Pipeline (DESIGN §5) as PrometheusRule {@code groups}. The one source is
 * the template {@code dashboards/alerts/pipeline-rules.yaml} of the repository (bundled in the
 * jar, tested with promtool there), rendered by replacing {@code $PIPELINE} and {@code $NAMESPACE}.
 * A jar without it is a broken build, not a reason to invent other rules.
 *
 * <p>Every expression is scoped to the Pipeline by the {@code namespace} and {@code pipeline}
 * labels the runtime puts on its metrics (the PodMonitor honours them).
 */
public final class AlertRules {
  /** Classpath location of the rule template. */
  public static final String TEMPLATE_RESOURCE = "dashboards/alerts/pipeline-rules.yaml";

  private static final String TEMPLATE = readTemplate();

  private AlertRules() {}

  /** The rule groups for one Pipeline: the template with its placeholders replaced. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> groups(String namespace, String pipeline) {
    // names of Kubernetes objects cannot hold quotes or backslashes: plain replacement is safe
    String rendered = TEMPLATE.replace("$PIPELINE", pipeline).replace("$NAMESPACE", namespace);
    try {
      Map<String, Object> document = new ObjectMapper(new YAMLFactory()).readValue(rendered, Map.class);
      return (List<Map<String, Object>>) document.get("groups");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + TEMPLATE_RESOURCE + " rendered for " + namespace + "/" + pipeline, e);
    }
  }

  private static String readTemplate() {
    try (InputStream in = AlertRules.class.getClassLoader().getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the operator's classpath:"
            + " the build copies it from dashboards/alerts/ (see operator/pom.xml)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
    }
  }
}
