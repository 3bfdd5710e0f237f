package io.tributary.api.crdgen;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Build step (not part of the API): the schema of {@code status.conditions} of every kind, which the
 * generator makes from fabric8's {@code Condition} class without descriptions, required fields or
 * list type. Applied with {@code @SchemaCustomizer(value = StatusSchema.class, input = "...")} on
 * each kind's status class; the generator calls it on that class's schema. It makes:
 * <ul>
 *   <li>{@code conditions} a map list keyed by {@code type} ({@code x-kubernetes-list-type: map},
 *       {@code x-kubernetes-list-map-keys: [type]}), so server-side apply merges conditions of
 *       different writers by type instead of replacing the whole list;
 *   <li>{@code type} and {@code status} required in each condition, and every field described
 *       ({@code kubectl explain <kind>.status.conditions});
 *   <li>{@code lastTransitionTime}, and the status fields named in {@code input} (comma-separated),
 *       {@code format: date-time}.
 * </ul>
 */
public final class StatusSchema implements SchemaCustomizer.Customizer {

  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "type", "Type of the condition: Ready (always present); Reconciling while the operator is still working"
          + " toward the spec; Stalled when an error will not go away without a change of the spec or of what it"
          + " refers to; other types per kind.",
      "status", "Status of the condition: True, False or Unknown.",
      "reason", "Why the condition has its status, in CamelCase (for example PodsNotReady, InvalidConfig).",
      "message", "Human-readable details, naming the field and value at fault where there is one.",
      "lastTransitionTime", "When the status of the condition last changed (RFC 3339).",
      "observedGeneration", "The metadata.generation the condition was computed from.");

  @Override
  public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    JSONSchemaProps conditions = property(schema, "conditions");
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    JSONSchemaProps item = conditions.getItems().getSchema();
    item.setRequired(List.of("type", "status"));
    DESCRIPTIONS.forEach((name, description) -> property(item, name).setDescription(description));
    property(item, "lastTransitionTime").setFormat("date-time");
    if (input != null && !input.isBlank()) {
      Arrays.stream(input.split(",")).map(String::trim).forEach(name -> property(schema, name).setFormat("date-time"));
    }
    return schema;
  }

  private static JSONSchemaProps property(JSONSchemaProps schema, String name) {
    JSONSchemaProps property = schema.getProperties() == null ? null : schema.getProperties().get(name);
    if (property == null) {
      throw new IllegalStateException("StatusSchema: no property " + name + " in " + schema.getProperties());
    }
    return property;
  }
}
