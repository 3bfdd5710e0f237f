package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A list request's {@code fieldSelector} ({@code a.b=v,c!=w}), which the fabric8 CRUD dispatcher
 * ignores: {@code kubectl describe} finds an object's Events with
 * {@code involvedObject.name=...,involvedObject.namespace=...,involvedObject.uid=...}. Pure.
 *
 * @param pathWithout the request path without the {@code fieldSelector} parameter
 * @param terms the selector's terms
 */
record FieldSelector(String pathWithout, List<Term> terms) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code field=value} or, negated, {@code field!=value}. */
  record Term(String field, String value, boolean negated) {
    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String part : field.split("\\.")) {
        node = node.path(part);
      }
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
      return negated != actual.equals(value);
    }
  }

  /** The selector of {@code path}, if it has a non-empty one. */
  static Optional<FieldSelector> of(String path) {
    int query = path.indexOf('?');
    if (query < 0) {
      return Optional.empty();
    }
    List<String> kept = new ArrayList<>();
    List<Term> terms = new ArrayList<>();
    for (String parameter : path.substring(query + 1).split("&")) {
      if (parameter.startsWith("fieldSelector=")) {
        String selector = URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
        for (String term : selector.split(",")) {
          if (term.contains("!=")) {
            terms.add(new Term(term.substring(0, term.indexOf("!=")).trim(), term.substring(term.indexOf("!=") + 2).trim(), true));
          } else if (term.contains("=")) {
            String value = term.substring(term.indexOf('=') + 1).replaceFirst("^=", "");
            terms.add(new Term(term.substring(0, term.indexOf('=')).trim(), value.trim(), false));
          }
        }
      } else if (!parameter.isEmpty()) {
        kept.add(parameter);
      }
    }
    if (terms.isEmpty()) {
      return Optional.empty();
    }
    String base = path.substring(0, query);
    return Optional.of(new FieldSelector(kept.isEmpty() ? base : base + "?" + String.join("&", kept), terms));
  }

  /** The list {@code body} with only the matching items; empty when it is not a list. */
  Optional<String> filter(String body) {
    try {
      JsonNode list = JSON.readTree(body);
      if (!(list instanceof ObjectNode object) || !list.path("items").isArray()) {
        return Optional.empty();
      }
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode item : list.path("items")) {
        if (terms.stream().allMatch(t -> t.matches(item))) {
          kept.add(item);
        }
      }
      object.set("items", kept);
      // typed clients (kubectl describe reads Events with one) want "EventList", not the mock's "List"
      if ("List".equals(object.path("kind").asText()) && kept.size() > 0 && kept.get(0).hasNonNull("kind")) {
        object.put("kind", kept.get(0).get("kind").asText() + "List");
      }
      return Optional.of(object.toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
