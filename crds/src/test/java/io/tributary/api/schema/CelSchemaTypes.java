package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL type the API server gives a schema node when it compiles the node's rules (Kubernetes'
 * {@code SchemaDeclType}): objects with properties are struct types with one field per property
 * that itself has a type, objects with {@code additionalProperties} maps, arrays lists, strings
 * {@code string} (or {@code bytes}, {@code duration}, {@code timestamp} by format), integers
 * {@code int}, numbers {@code double}, int-or-string {@code dyn}.
 *
 * <p>A node without a {@code type} (an {@code x-kubernetes-preserve-unknown-fields} value of any
 * shape) has no CEL type, so it is not a field of its parent's type: a rule naming it does not
 * compile. That is why the server refuses such a CRD and why {@link CelRuleTypeCheck} must too.
 * The root of a resource and of an embedded resource also has {@code apiVersion}, {@code kind} and
 * {@code metadata.name}/{@code generateName}, declared or not.
 *
 * <p>One instance per rule compilation; it is also the type provider that resolves the struct
 * types it made (each named after its place in the schema, e.g. {@code object:self.spec}).
 */
final class CelSchemaTypes implements CelTypeProvider {

  private final Map<String, CelType> structs = new LinkedHashMap<>();

  /** The type of a node, named {@code name} (e.g. {@code self.spec.kafka}); empty when it has none. */
  Optional<CelType> typeOf(JsonNode schema, String name, boolean resourceRoot) {
    if (schema == null || schema.isMissingNode()) {
      return Optional.empty();
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return Optional.of(SimpleType.DYN);
    }
    JsonNode typed = resourceRoot ? withTypeAndObjectMeta(schema) : schema;
    return switch (typed.path("type").asText("")) {
      case "array" -> typeOf(typed.get("items"), name + ".@idx", embedded(typed.get("items"))).map(ListType::create);
      case "object" -> objectType(typed, name);
      case "string" -> Optional.of(stringType(typed.path("format").asText("")));
      case "boolean" -> Optional.of(SimpleType.BOOL);
      case "number" -> Optional.of(SimpleType.DOUBLE);
      case "integer" -> Optional.of(SimpleType.INT);
      default -> Optional.empty();
    };
  }

  private Optional<CelType> objectType(JsonNode schema, String name) {
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      return typeOf(additional, name + ".@elem", embedded(additional))
          .map(values -> MapType.create(SimpleType.STRING, values));
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    JsonNode properties = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      Optional<String> celName = CelNames.escape(property.getKey());
      Optional<CelType> type = typeOf(property.getValue(), name + "." + property.getKey(), embedded(property.getValue()));
      if (celName.isPresent() && type.isPresent()) {
        fields.put(celName.get(), type.get());
      }
    }
    // not a CEL identifier: a type named "self.spec" would shadow the expression self.spec
    String typeName = "object:" + name;
    StructType struct = StructType.create(typeName, ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
    structs.put(typeName, struct);
    return Optional.of(struct);
  }

  private static CelType stringType(String format) {
    return switch (format) {
      case "byte" -> SimpleType.BYTES;
      case "duration" -> SimpleType.DURATION;
      case "date", "date-time" -> SimpleType.TIMESTAMP;
      default -> SimpleType.STRING;
    };
  }

  private static boolean embedded(JsonNode schema) {
    return schema != null && schema.path("x-kubernetes-embedded-resource").asBoolean(false);
  }

  /** Adds the fields every resource has, as the server does before typing a resource root. */
  private static JsonNode withTypeAndObjectMeta(JsonNode schema) {
    ObjectNode copy = schema.deepCopy();
    copy.put("type", "object");
    ObjectNode properties = copy.has("properties") ? (ObjectNode) copy.get("properties") : copy.putObject("properties");
    JsonNodeFactory json = JsonNodeFactory.instance;
    properties.set("apiVersion", json.objectNode().put("type", "string"));
    properties.set("kind", json.objectNode().put("type", "string"));
    ObjectNode metadata = json.objectNode().put("type", "object");
    metadata.putObject("properties").<ObjectNode>set("name", json.objectNode().put("type", "string"))
        .set("generateName", json.objectNode().put("type", "string"));
    properties.set("metadata", metadata);
    return copy;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
