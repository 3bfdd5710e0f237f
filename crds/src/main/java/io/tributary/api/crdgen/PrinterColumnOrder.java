package io.tributary.api.crdgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.YamlDumpSettingsBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (not part of the API): puts the {@code additionalPrinterColumns} of the generated CRDs
 * back into the order in which the CR class declares its {@link AdditionalPrinterColumn} annotations.
 *
 * <p>Why it exists: fabric8's CRD generator (crd-generator-maven-plugin / crd-generator-api-v2 7.5.x,
 * {@code AbstractCustomResourceHandler.handlePrinterColumns}) collects the printer columns in a
 * {@code TreeMap} keyed by JSONPath, so they come out sorted by path: {@code .metadata.creationTimestamp}
 * (AGE) first and the Ready condition somewhere in the middle. {@code kubectl get} shows the columns in
 * the order of the CRD, and neither the generator nor its Maven plugin has an option to keep the
 * declaration order (the generator's {@code CRDPostProcessor} hook is not reachable from the plugin).
 *
 * <p>The crds module runs {@link #main} in the {@code process-classes} phase, right after the
 * generator, on {@code target/classes/META-INF/fabric8}. It rewrites each {@code *.tributary.io-v1.yml}
 * in place: every version's columns are reordered as {@link Class#getAnnotationsByType} returns the
 * class's annotations (declaration order); nothing else changes. The YAML is written with the
 * generator's own serialization settings ({@link KubernetesSerialization}, all strings quoted) and its
 * header comment is kept, so the file is what the generator would have written with the right order.
 * The result is deterministic and running it twice changes nothing. These rewritten files are the ones
 * in the jar, the ones {@code CrdDriftTest} compares and the ones committed in {@code crds/}.
 *
 * <p>The CR class of a CRD version is {@code io.tributary.api.<version>.<kind>}. Every column must be
 * declared with {@link AdditionalPrinterColumn} on that class (a column coming from somewhere else,
 * such as a field annotated with {@code @PrinterColumn}, has no declared place and fails the build).
 *
 * <p>The kind-level description ({@code kubectl explain <kind>}) is not added here: the generator takes it
 * from the {@code @SchemaCustomizer} merge patch on each CR class.
 */
public final class PrinterColumnOrder {

  private static final String FILE_SUFFIX = ".tributary.io-v1.yml";

  /** The settings {@code CRDGenerator} serializes with (its default: quotes not minimized). */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(new ObjectMapper(),
      false, new YamlDumpSettingsBuilder().setMinimizeQuotes(false).build());

  private PrinterColumnOrder() {
  }

  /**
   * Rewrites the generated CRDs.
   *
   * @param args the directory the CRD generator wrote into
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <directory of the generated CRDs>");
    }
    Path dir = Path.of(args[0]);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no generated CRDs in " + dir.toAbsolutePath());
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(FILE_SUFFIX)).sorted().toList()) {
        rewrite(file);
      }
    }
  }

  /** Reorders the printer columns of one generated CRD file in place. */
  static void rewrite(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String reordered = reorder(text);
    if (!reordered.equals(text)) {
      Files.writeString(file, reordered, StandardCharsets.UTF_8);
    }
  }

  /**
   * The CRD in {@code yaml} (as the generator wrote it: header comment, then the document) with every
   * version's printer columns in declaration order.
   */
  static String reorder(String yaml) {
    String header = header(yaml);
    ObjectNode crd = (ObjectNode) SERIALIZATION.unmarshal(yaml.substring(header.length()), JsonNode.class);
    String group = crd.path("spec").path("group").asText();
    String kind = crd.path("spec").path("names").path("kind").asText();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode columns = version.path("additionalPrinterColumns");
      if (columns.isArray() && !columns.isEmpty()) {
        Class<?> type = customResourceClass(group, version.path("name").asText(), kind);
        ((ObjectNode) version).set("additionalPrinterColumns", inDeclarationOrder(type, (ArrayNode) columns));
      }
    }
    // asYaml starts the document with "---\n"; the generator drops it too
    String document = SERIALIZATION.asYaml(crd);
    return header + (document.startsWith("---\n") ? document.substring(4) : document);
  }

  /** The columns, ordered as {@code type} declares them; fails if they are not exactly the declared ones. */
  static ArrayNode inDeclarationOrder(Class<?> type, ArrayNode columns) {
    Map<String, JsonNode> generated = new LinkedHashMap<>();
    for (JsonNode column : columns) {
      generated.put(key(column.path("name").asText(), column.path("jsonPath").asText()), column);
    }
    ArrayNode ordered = columns.arrayNode();
    List<String> missing = new ArrayList<>();
    for (AdditionalPrinterColumn declared : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      JsonNode column = generated.remove(key(declared.name(), declared.jsonPath()));
      if (column == null) {
        missing.add(key(declared.name(), declared.jsonPath()));
      } else {
        ordered.add(column);
      }
    }
    if (!missing.isEmpty() || !generated.isEmpty()) {
      throw new IllegalStateException(String.format(
          "printer columns of %s: declared on the class but not generated: %s; generated but not declared with "
              + "@AdditionalPrinterColumn on the class: %s", type.getName(), missing, generated.keySet()));
    }
    return ordered;
  }

  private static String key(String name, String jsonPath) {
    return name + " (" + jsonPath + ")";
  }

  private static Class<?> customResourceClass(String group, String version, String kind) {
    String name = "io.tributary.api." + version + "." + kind;
    Class<?> type;
    try {
      type = Class.forName(name, false, PrinterColumnOrder.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no CR class " + name + " for kind " + kind + " " + group + "/" + version, e);
    }
    if (!HasMetadata.class.isAssignableFrom(type)) {
      throw new IllegalStateException(name + " is not a custom resource class");
    }
    @SuppressWarnings("unchecked")
    Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
    if (!group.equals(HasMetadata.getGroup(resource)) || !version.equals(HasMetadata.getVersion(resource))
        || !kind.equals(HasMetadata.getKind(resource))) {
      throw new IllegalStateException(name + " is not kind " + kind + " of " + group + "/" + version);
    }
    return type;
  }

  /** The comment lines the generator writes before the document ("# Generated by Fabric8 CRDGenerator ..."). */
  private static String header(String yaml) {
    int end = 0;
    while (yaml.startsWith("#", end)) {
      int newline = yaml.indexOf('\n', end);
      if (newline < 0) {
        throw new IllegalArgumentException("a CRD file with nothing but comments");
      }
      end = newline + 1;
    }
    return yaml.substring(0, end);
  }
}
