package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates objects against one version of a CustomResourceDefinition the way a Kubernetes API
 * server does with strict field validation ({@code kubectl apply --validate=strict}, the default
 * since 1.27).
 *
 * <p>Order of work, as in the API server: defaults are applied first (including to {@code null}
 * values of non-nullable fields; such nulls without a default are dropped), then the structural
 * schema is checked (types, required, enum, pattern, bounds, lengths, list types), then the CEL
 * {@code x-kubernetes-validations} rules of every node whose value has the right type, unless the
 * structural errors include one that blocks them (see {@link #RULES_NOT_CHECKED}). Fields not
 * declared in the schema are errors ({@code unknown field}) except below
 * {@code x-kubernetes-preserve-unknown-fields: true}; {@code apiVersion}, {@code kind} and
 * {@code metadata} are implicit at the root and in {@code x-kubernetes-embedded-resource} objects.
 * Unknown fields, when there are any, are the only errors reported: the server refuses such a
 * request while decoding it, before it validates anything.
 * Transition rules (those using {@code oldSelf}) are skipped: they only apply to updates.
 *
 * <p>Use {@link #forCrd(Path)} or {@link CrdSchemaRegistry} to build one.
 */
public final class CrdSchemaValidator {

  /** The server's error (at field {@code <nil>}) when schema errors kept it from evaluating the CEL rules. */
  public static final String RULES_NOT_CHECKED = "Invalid value: null: some validation rules were not checked "
      + "because the object was invalid; correct the existing errors to complete validation";

  private static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace",
      "labels", "annotations", "finalizers", "ownerReferences", "uid", "resourceVersion", "generation",
      "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private final String group;
  private final String kind;
  private final String version;
  private final JsonNode schema;
  private final Map<String, Pattern> patterns = new java.util.concurrent.ConcurrentHashMap<>();

  CrdSchemaValidator(String group, String kind, String version, JsonNode openApiV3Schema) {
    this.group = group;
    this.kind = kind;
    this.version = version;
    this.schema = openApiV3Schema;
  }

  /** The validator of the storage version of the single CRD in a YAML file. */
  public static CrdSchemaValidator forCrd(Path crdYaml) {
    return CrdSchemaRegistry.load(crdYaml).only();
  }

  /** The validator of the given version of the single CRD in a YAML file. */
  public static CrdSchemaValidator forCrd(Path crdYaml, String version) {
    CrdSchemaRegistry registry = CrdSchemaRegistry.load(crdYaml);
    CrdSchemaValidator any = registry.only();
    return registry.validator(any.group + "/" + version, any.kind);
  }

  public String group() {
    return group;
  }

  public String kind() {
    return kind;
  }

  public String version() {
    return version;
  }

  /** {@code apiVersion} of the objects this validator accepts. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Validates an object given as a Map (e.g. from Jackson or SnakeYAML). */
  public List<SchemaError> validate(Map<String, ?> object) {
    return validate((JsonNode) new ObjectMapper().valueToTree(object));
  }

  /** Validates an object given as any Jackson-serializable value (e.g. a fabric8 resource). */
  public List<SchemaError> validateValue(Object object) {
    return validate((JsonNode) new ObjectMapper().valueToTree(object));
  }

  /**
   * Validates a whole object ({@code apiVersion}, {@code kind}, {@code metadata} and the rest).
   *
   * @return every error found, empty when the API server would accept the object
   */
  public List<SchemaError> validate(JsonNode object) {
    List<SchemaError> errors = new ArrayList<>();
    if (object == null || !object.isObject()) {
      errors.add(new SchemaError("<root>", "must be an object"));
      return errors;
    }
    String apiVersion = object.path("apiVersion").asText("");
    String objectKind = object.path("kind").asText("");
    if (!apiVersion.equals(apiVersion())) {
      errors.add(new SchemaError("apiVersion", "Unsupported value: \"" + apiVersion + "\": expected \""
          + apiVersion() + "\""));
    }
    if (!objectKind.equals(kind)) {
      errors.add(new SchemaError("kind", "Unsupported value: \"" + objectKind + "\": expected \"" + kind + "\""));
    }
    validateRootMetadata(object.get("metadata"), errors);
    JsonNode defaulted = object.deepCopy();
    applyDefaults(defaulted, schema);
    List<Runnable> rules = new ArrayList<>();
    walk(defaulted, schema, "", errors, rules, true, true);
    List<SchemaError> unknown = errors.stream().filter(CrdSchemaValidator::isUnknownField).toList();
    if (!unknown.isEmpty()) {
      // strict field validation refuses the request while decoding it (HTTP 400): nothing else is checked
      return new ArrayList<>(unknown);
    }
    // apiVersion and kind are not the object's to get wrong on a server: the request's URL names them
    if (errors.stream().filter(e -> !e.path().equals("apiVersion") && !e.path().equals("kind"))
        .anyMatch(CrdSchemaValidator::blocksRules)) {
      // the server does not evaluate CEL over a value of the wrong shape; it says so instead
      errors.add(new SchemaError("<nil>", RULES_NOT_CHECKED));
    } else {
      rules.forEach(Runnable::run);
    }
    return errors;
  }

  private static boolean isUnknownField(SchemaError error) {
    return error.message().startsWith("unknown field ");
  }

  /**
   * Whether an error keeps the server from evaluating any CEL rule of the object: a missing
   * required field, a value outside its enum, too long, too many items or the wrong type
   * (Kubernetes' {@code hasBlockingErr}). Pattern, bound and minimum-size errors do not.
   */
  private static boolean blocksRules(SchemaError error) {
    String message = error.message();
    return message.startsWith("Required value") || message.startsWith("Unsupported value")
        || message.startsWith("Too long") || message.startsWith("Too many") || message.contains(" must be of type ");
  }

  // ---------------------------------------------------------------- defaulting

  private static void applyDefaults(JsonNode value, JsonNode schema) {
    if (value == null || schema == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      JsonNode properties = schema.get("properties");
      if (properties != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> property = it.next();
          JsonNode propertySchema = property.getValue();
          JsonNode current = object.get(property.getKey());
          boolean nullable = propertySchema.path("nullable").asBoolean(false);
          if (current == null || (current.isNull() && !nullable)) {
            if (propertySchema.has("default")) {
              object.set(property.getKey(), propertySchema.get("default").deepCopy());
            } else if (current != null) {
              object.remove(property.getKey());
            }
          }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          applyDefaults(field.getValue(), properties.get(field.getKey()));
        }
      } else if (schema.get("additionalProperties") != null && schema.get("additionalProperties").isObject()) {
        object.fields().forEachRemaining(f -> applyDefaults(f.getValue(), schema.get("additionalProperties")));
      }
    } else if (value.isArray() && schema.get("items") != null) {
      value.forEach(item -> applyDefaults(item, schema.get("items")));
    }
  }

  // ---------------------------------------------------------------- structural walk

  /**
   * @param structural false inside anyOf/oneOf/allOf/not: those only validate values; unknown
   *                   fields are judged by the structural part of the schema alone
   * @param rules      where the CEL rules of the nodes are queued: they run after the structural
   *                   checks, and only when those found nothing that blocks them
   * @param root       true for the object itself (implicit apiVersion, kind, metadata)
   * @return whether the value has the type the schema asks for (CEL rules run only then)
   */
  private boolean walk(JsonNode value, JsonNode schema, String path, List<SchemaError> errors, List<Runnable> rules,
                       boolean structural, boolean root) {
    if (schema == null || schema.isEmpty() && !root) {
      return true;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(new SchemaError(at(path), "Invalid value: \"null\": " + at(path) + " in body must be of type "
            + schema.path("type").asText("object") + ": \"null\""));
        return false;
      }
      return true;
    }
    boolean typeOk = checkType(value, schema, path, errors);
    if (typeOk) {
      checkEnum(value, schema, path, errors);
      if (value.isTextual()) {
        checkString(value.asText(), schema, path, errors);
      } else if (value.isNumber()) {
        checkNumber(value, schema, path, errors);
      } else if (value.isArray()) {
        checkArray(value, schema, path, errors, rules, structural);
      } else if (value.isObject()) {
        checkObject((ObjectNode) value, schema, path, errors, rules, structural, root);
      }
    }
    checkCombinators(value, schema, path, errors);
    if (typeOk && structural) {
      rules.add(() -> checkRules(value, schema, path, errors));
    }
    return typeOk;
  }

  private boolean checkType(JsonNode value, JsonNode schema, String path, List<SchemaError> errors) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (value.isIntegralNumber() || value.isTextual()) {
        return true;
      }
      errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
          + " in body must be of type integer or string"));
      return false;
    }
    String type = schema.path("type").asText("");
    boolean ok = switch (type) {
      case "" -> true;
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> false;
    };
    if (!ok) {
      // the server shows the JSON type where other errors show the value
      errors.add(new SchemaError(at(path), "Invalid value: \"" + jsonType(value) + "\": " + at(path)
          + " in body must be of type " + type + ": \"" + jsonType(value) + "\""));
    }
    return ok;
  }

  private static void checkEnum(JsonNode value, JsonNode schema, String path, List<SchemaError> errors) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null || !allowed.isArray()) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (sameValue(candidate, value)) {
        return;
      }
    }
    List<String> values = new ArrayList<>();
    allowed.forEach(v -> values.add(describe(v)));
    errors.add(new SchemaError(at(path), "Unsupported value: " + describe(value) + ": supported values: "
        + String.join(", ", values)));
  }

  private void checkString(String value, JsonNode schema, String path, List<SchemaError> errors) {
    int length = value.codePointCount(0, value.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
      errors.add(new SchemaError(at(path), "Too long: may not be more than " + schema.get("maxLength").asLong()
          + " bytes"));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
      errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
          + " in body should be at least " + schema.get("minLength").asLong() + " chars long"));
    }
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      // Go's regexp.MatchString, like ECMA-262 test(): a match anywhere unless anchored
      if (!patterns.computeIfAbsent(pattern, Pattern::compile).matcher(value).find()) {
        errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
            + " in body should match '" + pattern + "'"));
      }
    }
  }

  private static void checkNumber(JsonNode value, JsonNode schema, String path, List<SchemaError> errors) {
    double number = value.asDouble();
    if (schema.has("minimum")) {
      double minimum = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? number <= minimum : number < minimum) {
        errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
            + " in body should be greater than " + (exclusive ? "" : "or equal to ") + plain(minimum)));
      }
    }
    if (schema.has("maximum")) {
      double maximum = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? number >= maximum : number > maximum) {
        errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
            + " in body should be less than " + (exclusive ? "" : "or equal to ") + plain(maximum)));
      }
    }
    if (schema.has("multipleOf")) {
      double factor = schema.get("multipleOf").asDouble();
      double quotient = number / factor;
      if (Math.abs(quotient - Math.rint(quotient)) > 1e-9) {
        errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
            + " in body should be a multiple of " + plain(factor)));
      }
    }
  }

  private void checkArray(JsonNode value, JsonNode schema, String path, List<SchemaError> errors,
                          List<Runnable> rules, boolean structural) {
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
      errors.add(new SchemaError(at(path), "Too many: " + value.size() + ": must have at most "
          + schema.get("maxItems").asLong() + " items"));
    }
    if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
      errors.add(new SchemaError(at(path), "Invalid value: " + value.size() + ": " + at(path)
          + " in body should have at least " + schema.get("minItems").asLong() + " items"));
    }
    String listType = schema.path("x-kubernetes-list-type").asText("atomic");
    if (listType.equals("set")) {
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        if (!seen.add(value.get(i))) {
          errors.add(new SchemaError(path + "[" + i + "]", "Duplicate value: " + describe(value.get(i))));
        }
      }
    } else if (listType.equals("map") && schema.has("x-kubernetes-list-map-keys")) {
      Set<List<JsonNode>> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        List<JsonNode> key = new ArrayList<>();
        for (JsonNode keyName : schema.get("x-kubernetes-list-map-keys")) {
          key.add(value.get(i).path(keyName.asText()));
        }
        if (!seen.add(key)) {
          errors.add(new SchemaError(path + "[" + i + "]", "Duplicate value: " + key));
        }
      }
    }
    JsonNode items = schema.get("items");
    for (int i = 0; i < value.size(); i++) {
      walk(value.get(i), items, path + "[" + i + "]", errors, rules, structural, false);
    }
  }

  private void checkObject(ObjectNode value, JsonNode schema, String path, List<SchemaError> errors,
                           List<Runnable> rules, boolean structural, boolean root) {
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    if (schema.has("required")) {
      for (JsonNode required : schema.get("required")) {
        if (!value.has(required.asText())) {
          errors.add(new SchemaError(join(path, required.asText()), "Required value"));
        }
      }
    }
    if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asLong()) {
      errors.add(new SchemaError(at(path), "Too many: " + value.size() + ": must have at most "
          + schema.get("maxProperties").asLong() + " items"));
    }
    if (schema.has("minProperties") && value.size() < schema.get("minProperties").asLong()) {
      errors.add(new SchemaError(at(path), "Invalid value: " + value.size() + ": " + at(path)
          + " in body should have at least " + schema.get("minProperties").asLong() + " properties"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String fieldPath = join(path, name);
      if ((root || embedded) && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"))) {
        if (!root && embedded) {
          validateEmbeddedHeader(name, field.getValue(), fieldPath, errors);
        }
        continue;
      }
      if (properties != null && properties.has(name)) {
        walk(field.getValue(), properties.get(name), fieldPath, errors, rules, structural, false);
      } else if (additional != null && additional.isObject()) {
        walk(field.getValue(), additional, fieldPath, errors, rules, structural, false);
      } else if (additional != null && additional.isBoolean() && additional.asBoolean()) {
        continue;
      } else if (structural && !preserveUnknown) {
        errors.add(new SchemaError(fieldPath, "unknown field \"" + fieldPath + "\""));
      }
    }
  }

  private void validateEmbeddedHeader(String name, JsonNode value, String path, List<SchemaError> errors) {
    if (name.equals("metadata")) {
      validateMetadata(value, path, errors);
    } else if (!value.isTextual()) {
      errors.add(new SchemaError(path, "Invalid value: " + describe(value) + ": must be of type string"));
    }
  }

  private void validateRootMetadata(JsonNode metadata, List<SchemaError> errors) {
    if (metadata == null || metadata.isNull()) {
      errors.add(new SchemaError("metadata", "Required value"));
      return;
    }
    validateMetadata(metadata, "metadata", errors);
    if (metadata.isObject() && !metadata.has("name") && !metadata.has("generateName")) {
      errors.add(new SchemaError("metadata.name", "Required value: name or generateName is required"));
    }
  }

  private void validateMetadata(JsonNode metadata, String path, List<SchemaError> errors) {
    if (!metadata.isObject()) {
      errors.add(new SchemaError(path, "Invalid value: must be of type object"));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = join(path, field.getKey());
      if (!OBJECT_META_FIELDS.contains(field.getKey())) {
        errors.add(new SchemaError(fieldPath, "unknown field \"" + fieldPath + "\""));
      }
    }
    JsonNode name = metadata.get("name");
    if (name != null && (!name.isTextual() || !DNS_SUBDOMAIN.matcher(name.asText()).matches()
        || name.asText().length() > 253)) {
      errors.add(new SchemaError(join(path, "name"), "Invalid value: " + describe(name)
          + ": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"));
    }
    for (String map : List.of("labels", "annotations")) {
      JsonNode entries = metadata.get(map);
      if (entries == null) {
        continue;
      }
      if (!entries.isObject()) {
        errors.add(new SchemaError(join(path, map), "Invalid value: must be of type object"));
        continue;
      }
      entries.fields().forEachRemaining(e -> {
        if (!e.getValue().isTextual()) {
          errors.add(new SchemaError(join(join(path, map), e.getKey()), "Invalid value: " + describe(e.getValue())
              + ": must be of type string"));
        }
      });
    }
  }

  private void checkCombinators(JsonNode value, JsonNode schema, String path, List<SchemaError> errors) {
    if (schema.has("allOf")) {
      for (JsonNode sub : schema.get("allOf")) {
        walk(value, sub, path, errors, new ArrayList<>(), false, false);
      }
    }
    if (schema.has("anyOf") && countMatching(value, schema.get("anyOf"), path) == 0) {
      errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
          + " in body must match at least one schema in anyOf"));
    }
    if (schema.has("oneOf") && countMatching(value, schema.get("oneOf"), path) != 1) {
      errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
          + " in body must match exactly one schema in oneOf"));
    }
    if (schema.has("not") && countMatching(value, List.of(schema.get("not")), path) == 1) {
      errors.add(new SchemaError(at(path), "Invalid value: " + describe(value) + ": " + at(path)
          + " in body must not match the schema in not"));
    }
  }

  private int countMatching(JsonNode value, Iterable<JsonNode> schemas, String path) {
    int matching = 0;
    for (JsonNode sub : schemas) {
      List<SchemaError> subErrors = new ArrayList<>();
      walk(value, sub, path, subErrors, new ArrayList<>(), false, false);
      if (subErrors.isEmpty()) {
        matching++;
      }
    }
    return matching;
  }

  private void checkRules(JsonNode value, JsonNode schema, String path, List<SchemaError> errors) {
    JsonNode rules = schema.get("x-kubernetes-validations");
    if (rules == null || !rules.isArray()) {
      return;
    }
    Object self = null;
    for (JsonNode rule : rules) {
      String expression = rule.path("rule").asText();
      if (CelRules.isTransitionRule(expression)) {
        continue;
      }
      if (self == null) {
        self = CelValues.toCel(value, schema);
      }
      CelRules.Outcome outcome = CelRules.evaluate(expression, self);
      if (outcome.passed()) {
        continue;
      }
      String rulePath = rule.has("fieldPath") ? path + rule.get("fieldPath").asText() : at(path);
      if (outcome.error() != null) {
        errors.add(new SchemaError(rulePath, outcome.error() + " (rule: " + expression + ")"));
        continue;
      }
      String message = null;
      if (rule.has("messageExpression")) {
        message = CelRules.message(rule.get("messageExpression").asText(), self);
      }
      if (message == null && rule.has("message")) {
        message = rule.get("message").asText();
      }
      if (message == null) {
        message = "failed rule: " + expression;
      }
      // the server leaves out the value (it would be the node's type, e.g. "object") and shows the message
      errors.add(new SchemaError(rulePath, "Invalid value: " + message));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String at(String path) {
    return path.isEmpty() ? "<root>" : path;
  }

  private static String describe(JsonNode value) {
    return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
  }

  private static String describe(String value) {
    return "\"" + value + "\"";
  }

  private static String jsonType(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isTextual()) {
      return "string";
    } else if (value.isBoolean()) {
      return "boolean";
    } else if (value.isIntegralNumber()) {
      return "integer";
    } else if (value.isNumber()) {
      return "number";
    }
    return "null";
  }

  private static String plain(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }

  @Override
  public String toString() {
    return "CrdSchemaValidator[" + apiVersion() + " " + kind + "]";
  }

  /** Formats a list of errors one per line, for assertion messages. */
  public static String format(List<SchemaError> errors) {
    return errors.stream().map(SchemaError::toString).collect(Collectors.joining("\n"));
  }
}
