package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles every {@code x-kubernetes-validations} rule (and {@code messageExpression}) of a schema
 * with {@code self} typed by the schema ({@link CelSchemaTypes}), as the API server does when a CRD
 * is created; a rule that does not compile makes the server refuse the whole CRD.
 *
 * <p>The validator itself evaluates rules with an untyped {@code self}, which happily reads fields
 * the server's typed {@code self} does not have (e.g. one without a schema type). Without this
 * check the validator would accept objects of a CRD that no cluster accepts.
 */
final class CelRuleTypeCheck {

  private CelRuleTypeCheck() {
  }

  /**
   * Every rule of the schema that the API server would not compile.
   *
   * @param schema the {@code openAPIV3Schema} of one version
   * @param path   where the server says it is in the CRD: {@code spec.validation.openAPIV3Schema}
   *               (one schema for all versions) or {@code spec.versions[1].schema.openAPIV3Schema}
   * @return errors with the server's paths, e.g.
   *     {@code spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule}
   */
  static List<SchemaError> errors(JsonNode schema, String path) {
    List<SchemaError> errors = new ArrayList<>();
    walk(schema, path, "self", true, errors);
    return errors;
  }

  private static void walk(JsonNode schema, String path, String celName, boolean resourceRoot,
                           List<SchemaError> errors) {
    if (schema == null || !schema.isObject()) {
      return;
    }
    checkRules(schema, path, celName, resourceRoot, errors);
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      walk(property.getValue(), path + ".properties[" + property.getKey() + "]", celName + "." + property.getKey(),
          embedded(property.getValue()), errors);
    }
    if (schema.has("items")) {
      walk(schema.get("items"), path + ".items", celName + ".@idx", embedded(schema.get("items")), errors);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + ".additionalProperties", celName + ".@elem",
          embedded(schema.get("additionalProperties")), errors);
    }
  }

  private static void checkRules(JsonNode schema, String path, String celName, boolean resourceRoot,
                                 List<SchemaError> errors) {
    JsonNode rules = schema.path("x-kubernetes-validations");
    if (rules.isEmpty()) {
      return;
    }
    CelSchemaTypes types = new CelSchemaTypes();
    Optional<CelType> self = types.typeOf(schema, celName, resourceRoot);
    for (int i = 0; i < rules.size(); i++) {
      String rulePath = path + ".x-kubernetes-validations[" + i + "]";
      JsonNode rule = rules.get(i);
      if (self.isEmpty()) {
        errors.add(new SchemaError(rulePath, "rule compiler initialization error: failed to convert to declType for "
            + "CEL validation rules: the schema here has no type"));
        continue;
      }
      CelRules.typeCheck(rule.path("rule").asText(), self.get(), types, SimpleType.BOOL)
          .ifPresent(error -> errors.add(new SchemaError(rulePath + ".rule", "Invalid value: \""
              + rule.path("rule").asText() + "\": " + error)));
      if (rule.has("messageExpression")) {
        CelRules.typeCheck(rule.get("messageExpression").asText(), self.get(), types, SimpleType.STRING)
            .ifPresent(error -> errors.add(new SchemaError(rulePath + ".messageExpression", "Invalid value: \""
                + rule.get("messageExpression").asText() + "\": " + error)));
      }
    }
  }

  private static boolean embedded(JsonNode schema) {
    return schema.path("x-kubernetes-embedded-resource").asBoolean(false);
  }
}
