package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schemas of several CRDs, looked up by {@code apiVersion} and {@code kind} like an API
 * server does. Load our own CRDs with {@code load(ProjectPaths.committedCrds())}, the upstream
 * ones with {@code load(ProjectPaths.sharedSchemas())}.
 */
public final class CrdSchemaRegistry {

  private final Map<String, CrdSchemaValidator> byApiVersionAndKind = new LinkedHashMap<>();
  private final Map<String, CrdSchemaValidator> storageByKind = new LinkedHashMap<>();

  private CrdSchemaRegistry() {
  }

  /**
   * Loads every CRD in the given files or directories (all {@code *.yml}/{@code *.yaml} files of
   * a directory, non-CRD documents ignored).
   *
   * @throws InvalidCrdException for a CRD the API server would refuse (a CEL rule that does not
   *     compile against the schema's types)
   */
  public static CrdSchemaRegistry load(Path... filesOrDirectories) {
    CrdSchemaRegistry registry = new CrdSchemaRegistry();
    for (Path path : filesOrDirectories) {
      for (Path file : yamlFiles(path)) {
        for (JsonNode document : YamlDocuments.read(file)) {
          if ("CustomResourceDefinition".equals(document.path("kind").asText())) {
            registry.add(document, file);
          }
        }
      }
    }
    if (registry.byApiVersionAndKind.isEmpty()) {
      throw new IllegalArgumentException("no CustomResourceDefinition found in " + List.of(filesOrDirectories));
    }
    return registry;
  }

  private static List<Path> yamlFiles(Path path) {
    if (!Files.isDirectory(path)) {
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException("no such file or directory: " + path.toAbsolutePath());
      }
      return List.of(path);
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void add(JsonNode crd, Path file) {
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    String kind = spec.path("names").path("kind").asText();
    List<SchemaError> refusals = new ArrayList<>();
    for (int i = 0; i < spec.path("versions").size(); i++) {
      JsonNode version = spec.path("versions").get(i);
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (schema.isMissingNode()) {
        throw new IllegalArgumentException(file + ": version " + version.path("name").asText()
            + " of " + kind + " has no openAPIV3Schema");
      }
      // the server compiles every rule against the schema's types when the CRD is created
      if (i == 0 || !sharedSchema(spec)) {
        refusals.addAll(CelRuleTypeCheck.errors(schema, schemaPath(spec, i)));
      }
      CrdSchemaValidator validator = new CrdSchemaValidator(group, kind, version.path("name").asText(), schema);
      byApiVersionAndKind.put(key(validator.apiVersion(), kind), validator);
      if (version.path("storage").asBoolean(false) || !storageByKind.containsKey(kind)) {
        storageByKind.put(kind, validator);
      }
    }
    if (!refusals.isEmpty()) {
      throw new InvalidCrdException(crd.path("metadata").path("name").asText() + " (" + file + ")", refusals);
    }
  }

  /**
   * Where the server says a version's schema is: it keeps a schema all versions share once, at
   * {@code spec.validation}, and reports errors there.
   */
  private static String schemaPath(JsonNode spec, int version) {
    return sharedSchema(spec) ? "spec.validation.openAPIV3Schema"
        : "spec.versions[" + version + "].schema.openAPIV3Schema";
  }

  private static boolean sharedSchema(JsonNode spec) {
    JsonNode first = spec.path("versions").path(0).path("schema");
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("schema").equals(first)) {
        return false;
      }
    }
    return true;
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }

  /** The validator for an apiVersion and kind; fails if this registry does not know them. */
  public CrdSchemaValidator validator(String apiVersion, String kind) {
    CrdSchemaValidator validator = byApiVersionAndKind.get(key(apiVersion, kind));
    if (validator == null) {
      throw new IllegalArgumentException("no CRD schema for " + apiVersion + " " + kind + "; known: "
          + byApiVersionAndKind.keySet());
    }
    return validator;
  }

  /** The validator of a kind's storage version. */
  public CrdSchemaValidator validator(String kind) {
    CrdSchemaValidator validator = storageByKind.get(kind);
    if (validator == null) {
      throw new IllegalArgumentException("no CRD schema for kind " + kind + "; known: " + storageByKind.keySet());
    }
    return validator;
  }

  /** Whether a schema for this apiVersion and kind is loaded. */
  public boolean knows(String apiVersion, String kind) {
    return byApiVersionAndKind.containsKey(key(apiVersion, kind));
  }

  /** The single CRD's storage-version validator; fails when more than one kind is loaded. */
  public CrdSchemaValidator only() {
    if (storageByKind.size() != 1) {
      throw new IllegalStateException("expected one CRD, found " + storageByKind.keySet());
    }
    return storageByKind.values().iterator().next();
  }

  /** Validates an object against the schema its apiVersion and kind name. */
  public List<SchemaError> validate(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    if (!knows(apiVersion, kind)) {
      return List.of(new SchemaError("kind", "no CRD schema for " + apiVersion + " " + kind));
    }
    return validator(apiVersion, kind).validate(object);
  }

  /** Validates any Jackson-serializable object (e.g. a fabric8 resource or a CR instance). */
  public List<SchemaError> validateValue(Object object) {
    return validate((JsonNode) new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(object));
  }

  /** Validates every document of a YAML file; errors are prefixed with the document's kind/name. */
  public List<SchemaError> validateFile(Path yaml) {
    List<SchemaError> errors = new ArrayList<>();
    for (JsonNode document : YamlDocuments.read(yaml)) {
      String prefix = document.path("kind").asText() + "/" + document.path("metadata").path("name").asText() + " ";
      for (SchemaError error : validate(document)) {
        errors.add(new SchemaError(prefix + error.path(), error.message()));
      }
    }
    return errors;
  }
}
