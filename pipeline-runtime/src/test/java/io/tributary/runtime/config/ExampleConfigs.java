package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example configurations of {@code pipeline-runtime/examples} and edits of them for tests. */
final class ExampleConfigs {
  /** Surefire runs in the module directory. */
  static final Path DIR = Path.of("examples");

  private ExampleConfigs() {}

  static ObjectNode tree(String file) {
    try {
      return (ObjectNode) RuntimeConfigs.mapper().readTree(Files.readString(DIR.resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of {@code file}'s tree with the value at {@code path} ({@code a.b[2].c}) replaced by
   * {@code json}, or removed when {@code json} is null. Missing objects on the way are created.
   */
  static ObjectNode edited(String file, String path, String json) {
    ObjectNode root = tree(file);
    String[] steps = path.split("\\.");
    JsonNode current = root;
    for (int i = 0; i < steps.length - 1; i++) {
      current = step(current, steps[i]);
    }
    String last = steps[steps.length - 1];
    JsonNode value = json == null ? null : parse(json);
    if (last.endsWith("]")) {
      ArrayNode array = (ArrayNode) step(current, last.substring(0, last.indexOf('[')));
      int index = index(last);
      if (value == null) {
        array.remove(index);
      } else if (index == array.size()) {
        array.add(value);
      } else {
        array.set(index, value);
      }
    } else if (value == null) {
      ((ObjectNode) current).remove(last);
    } else {
      ((ObjectNode) current).set(last, value);
    }
    return root;
  }

  private static JsonNode step(JsonNode current, String step) {
    if (step.endsWith("]")) {
      JsonNode array = current.get(step.substring(0, step.indexOf('[')));
      return array.get(index(step));
    }
    JsonNode next = current.get(step);
    if (next == null) {
      next = ((ObjectNode) current).putObject(step);
    }
    return next;
  }

  private static int index(String step) {
    return Integer.parseInt(step.substring(step.indexOf('[') + 1, step.length() - 1));
  }

  static JsonNode parse(String json) {
    try {
      return RuntimeConfigs.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
