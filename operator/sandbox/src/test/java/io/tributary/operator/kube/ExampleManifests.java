package io.tributary.operator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The examples of {@code manifests/examples} as a GitOps repository would hold them, except that
 * each Pipeline points at the test's Kafka and Redis: {@code spec.kafka} becomes
 * {@code {bootstrapServers: <embedded>}} and {@code spec.redis} {@code {url: <embedded>}}
 * (the examples name a Strimzi cluster and an in-cluster Redis that this control plane lacks).
 */
final class ExampleManifests {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();

  private ExampleManifests() {}

  /**
   * Writes the rewritten documents of {@code examples} to one multi-document file in {@code dir}.
   *
   * @return the file, for {@code kubectl apply -f}
   */
  static Path rewritten(List<Path> examples, String bootstrapServers, String redisUrl, Path dir) {
    List<ObjectNode> objects = new ArrayList<>();
    for (Path example : examples) {
      objects.addAll(read(example));
    }
    for (ObjectNode object : objects) {
      if ("Pipeline".equals(object.path("kind").asText())) {
        ObjectNode spec = (ObjectNode) object.get("spec");
        spec.putObject("kafka").put("bootstrapServers", bootstrapServers);
        spec.putObject("redis").put("url", redisUrl);
      }
    }
    return write(objects, dir.resolve("examples.yaml"));
  }

  /** Writes the objects to {@code file} as one multi-document YAML file; returns the file. */
  static Path write(List<ObjectNode> objects, Path file) {
    StringBuilder yaml = new StringBuilder();
    try {
      for (ObjectNode object : objects) {
        yaml.append("---\n").append(YAML.writeValueAsString(object));
      }
      Files.writeString(file, yaml.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The objects in a file, in order (empty documents skipped). */
  static List<ObjectNode> read(Path file) {
    List<ObjectNode> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file); var parser = new YAMLFactory().createParser(reader)) {
      var documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document instanceof ObjectNode object && !object.isEmpty()) {
          objects.add(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return objects;
  }
}
