package io.tributary.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.runtime.config.RuntimeConfig;

/** The runtime configuration as the JSON text the ConfigMap carries (stable, pretty-printed). */
public final class RuntimeConfigJson {
  private static final ObjectMapper PRETTY = Canonical.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private RuntimeConfigJson() {}

  public static String write(RuntimeConfig config) {
    try {
      Object sorted = Canonical.MAPPER.readValue(Canonical.json(config), Object.class);
      return PRETTY.writeValueAsString(sorted) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write runtime configuration", e);
    }
  }

  public static RuntimeConfig read(String json) {
    try {
      return SpecMapper.MAPPER.readValue(json, RuntimeConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a runtime configuration: " + e.getOriginalMessage(), e);
    }
  }
}
