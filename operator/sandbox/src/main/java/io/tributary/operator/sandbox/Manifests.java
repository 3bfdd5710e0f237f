package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the user's manifests: files and folders ({@code *.yaml}, {@code *.yml}, {@code *.json},
 * sorted by name), multi-document YAML, {@code kind: List} unwrapped. Each document keeps where it
 * came from, so an error names the file and the document.
 */
final class Manifests {
  private static final ObjectMapper YAML = new YAMLMapper();

  /** One Kubernetes object from a file. */
  record Manifest(Path file, int document, ObjectNode object) {
    String kind() {
      return object.path("kind").asText();
    }

    String name() {
      return object.path("metadata").path("name").asText();
    }

    String where() {
      return file + " (document " + document + ")";
    }
  }

  private Manifests() {}

  static List<Manifest> load(List<Path> paths) {
    List<Manifest> manifests = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new SandboxStartupException("-f " + path + ": no such file or directory");
      }
      for (Path file : files(path)) {
        manifests.addAll(loadFile(file));
      }
    }
    return manifests;
  }

  private static List<Path> files(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml") || p.toString().endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new SandboxStartupException("-f " + path + ": cannot list the folder: " + e.getMessage(), e);
    }
  }

  private static List<Manifest> loadFile(Path file) {
    List<Manifest> manifests = new ArrayList<>();
    int document = 0;
    try (Reader reader = Files.newBufferedReader(file);
        var parser = new YAMLFactory().createParser(reader)) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNextValue()) {
        document++;
        JsonNode node = docs.nextValue();
        if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
          continue;
        }
        if (!node.isObject()) {
          throw new SandboxStartupException(file + " (document " + document + "): not a Kubernetes object");
        }
        if ("List".equals(node.path("kind").asText()) && node.path("items").isArray()) {
          for (JsonNode item : node.path("items")) {
            manifests.add(checked(new Manifest(file, document, (ObjectNode) item)));
          }
        } else {
          manifests.add(checked(new Manifest(file, document, (ObjectNode) node)));
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof SandboxStartupException s) {
        throw s;
      }
      throw new SandboxStartupException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    return manifests;
  }

  private static Manifest checked(Manifest manifest) {
    if (manifest.object().path("apiVersion").asText().isEmpty()) {
      throw new SandboxStartupException(manifest.where() + ": apiVersion is missing");
    }
    if (manifest.kind().isEmpty()) {
      throw new SandboxStartupException(manifest.where() + ": kind is missing");
    }
    if (manifest.name().isEmpty()) {
      throw new SandboxStartupException(manifest.where() + ": metadata.name is missing");
    }
    return manifest;
  }
}
