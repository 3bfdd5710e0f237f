package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads runtime configurations. The JSON is first parsed into a tree and validated, so a wrong
 * type or value becomes a {@link ConfigProblem} with its path, never a stack trace; only a
 * valid tree is bound to {@link RuntimeConfig}.
 */
public final class RuntimeConfigs {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private RuntimeConfigs() {}

  /** The mapper for configuration JSON: omits nulls, refuses duplicate and unknown keys. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses and validates a configuration document. */
  public static ParsedConfig parse(String json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      return ParsedConfig.invalid(List.of(new ConfigProblem(ConfigProblem.ROOT,
          "not valid JSON" + where + ": " + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode()) {
      return ParsedConfig.invalid(List.of(new ConfigProblem(ConfigProblem.ROOT, "the document is empty")));
    }
    return fromTree(tree);
  }

  /** Validates a configuration tree and binds it when it is valid. */
  public static ParsedConfig fromTree(JsonNode tree) {
    List<ConfigProblem> problems = ConfigValidator.validate(tree);
    if (!problems.isEmpty()) {
      return ParsedConfig.invalid(problems);
    }
    try {
      return new ParsedConfig(MAPPER.treeToValue(tree, RuntimeConfig.class), List.of());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // The validator should have caught it; say so rather than hide it.
      return ParsedConfig.invalid(List.of(new ConfigProblem(ConfigProblem.ROOT,
          "cannot be read although it passed validation: " + e.getMessage())));
    }
  }

  /** Reads, parses and validates the file at {@code path}; an unreadable file is a problem too. */
  public static ParsedConfig load(Path path) {
    String json;
    try {
      json = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ParsedConfig.invalid(List.of(new ConfigProblem(ConfigProblem.ROOT,
          "cannot read " + path + ": " + e)));
    }
    return parse(json);
  }

  /**
   * The configuration file to read: {@link SecretEnv#CONFIG_PATH} if set, else {@link
   * SecretEnv#DEFAULT_CONFIG_PATH}.
   */
  public static Path configPath(Function<String, String> env) {
    String configured = env.apply(SecretEnv.CONFIG_PATH);
    return Path.of(configured == null || configured.isBlank()
        ? SecretEnv.DEFAULT_CONFIG_PATH : configured);
  }

  /** The configuration as JSON text, as the operator writes it into the ConfigMap. */
  public static String toJson(RuntimeConfig config) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize runtime config", e);
    }
  }

  /** A converter for callers that hold config fragments as maps (e.g. from CR classes). */
  public static <T> T convert(Map<String, ?> fragment, Class<T> type) {
    return MAPPER.convertValue(fragment, type);
  }
}
