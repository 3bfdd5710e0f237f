package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API server answers {@code kubectl get} for a custom resource ({@code Accept:
 * application/json;as=Table;g=meta.k8s.io;v=v1}): a {@code meta.k8s.io/v1 Table} with NAME, the
 * CRD version's {@code additionalPrinterColumns} (their JSONPaths evaluated on each object) and
 * AGE, so that the sandbox shows the same columns as a cluster. Pure: objects and CRD as JSON, the
 * time passed in.
 */
final class ServerSideTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code name}, {@code name[?(@.field=="value")]} or {@code name[*]}: the JSONPath steps printer columns use. */
  private static final Pattern STEP =
      Pattern.compile("([^.\\[]+)(?:\\[\\?\\(@\\.([^=]+)==[\"']([^\"']*)[\"']\\)\\]|(\\[\\*\\]))?");

  private ServerSideTable() {}

  /**
   * The Table of {@code body} (a list, or one object) for the CRD version it belongs to.
   *
   * @param crdVersion the entry of {@code spec.versions} of the object's CRD
   */
  static ObjectNode of(JsonNode body, JsonNode crdVersion, Instant now) {
    List<JsonNode> columns = new ArrayList<>();
    crdVersion.path("additionalPrinterColumns").forEach(columns::add);
    boolean hasAge = columns.stream().anyMatch(c -> c.path("jsonPath").asText().equals(".metadata.creationTimestamp"));
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", 0);
    for (JsonNode column : columns) {
      definitions.addObject().put("name", column.path("name").asText()).put("type", column.path("type").asText("string"))
          .put("format", "").put("description", column.path("description").asText(""))
          .put("priority", column.path("priority").asInt(0));
    }
    if (!hasAge) {
      definitions.addObject().put("name", "Age").put("type", "date").put("format", "")
          .put("description", "Time since creation").put("priority", 0);
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (JsonNode column : columns) {
        JsonNode value = evaluate(object, column.path("jsonPath").asText());
        cells.add(cell(value, column.path("type").asText("string"), now));
      }
      if (!hasAge) {
        cells.add(age(object.path("metadata").path("creationTimestamp").asText(null), now));
      }
      // kubectl reads namespace and name of each row from a partial object
      ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  /**
   * A printer column's JSONPath: dotted fields, {@code [*]} over an array and
   * {@code [?(@.f=="v")]} filters. Several results print comma-separated, as the API server does;
   * nothing found is null.
   */
  static JsonNode evaluate(JsonNode object, String path) {
    List<JsonNode> current = List.of(object);
    String trimmed = path.startsWith(".") ? path.substring(1) : path;
    Matcher step = STEP.matcher(trimmed);
    int at = 0;
    while (at < trimmed.length() && step.find(at) && step.start() == at) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        JsonNode child = node.path(step.group(1));
        if (step.group(2) != null) {
          for (JsonNode element : child) {
            if (step.group(3).equals(element.path(step.group(2)).asText(null))) {
              next.add(element);
            }
          }
        } else if (step.group(4) != null) {
          child.forEach(next::add);
        } else if (!child.isMissingNode() && !child.isNull()) {
          next.add(child);
        }
      }
      current = next;
      at = step.end() + (step.end() < trimmed.length() && trimmed.charAt(step.end()) == '.' ? 1 : 0);
    }
    if (current.isEmpty()) {
      return null;
    }
    if (current.size() == 1) {
      return current.get(0);
    }
    return JSON.getNodeFactory().textNode(String.join(",",
        current.stream().map(n -> n.isValueNode() ? n.asText() : n.toString()).toList()));
  }

  private static JsonNode cell(JsonNode value, String type, Instant now) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (type.equals("date")) {
      return JSON.getNodeFactory().textNode(age(value.asText(), now));
    }
    if (type.equals("integer") && value.canConvertToLong()) {
      return JSON.getNodeFactory().numberNode(value.asLong());
    }
    return value.isValueNode() ? value : JSON.getNodeFactory().textNode(value.toString());
  }

  /** kubectl's short duration: 42s, 5m10s, 3h4m, 2d5h. */
  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    try {
      Duration d = Duration.between(Instant.parse(timestamp), now);
      long s = Math.max(0, d.toSeconds());
      if (s < 120) {
        return s + "s";
      }
      if (s < 600) {
        return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
      }
      if (s < 3 * 3600) {
        return (s / 60) + "m";
      }
      if (s < 8 * 3600) {
        return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
      }
      if (s < 48 * 3600) {
        return (s / 3600) + "h";
      }
      return (s / 86400) + "d" + ((s % 86400) / 3600 == 0 ? "" : ((s % 86400) / 3600) + "h");
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
