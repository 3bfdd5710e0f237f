package io.tributary.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Copies CR spec fragments into runtime configuration sections. The shapes are the same by
 * contract (brief, "runtime configuration JSON"); fields only the operator uses (secret references,
 * which become environment variables) are not part of the runtime types and are dropped here.
 */
final class SpecMapper {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private SpecMapper() {}

  static <T> T convert(Object specFragment, Class<T> type) {
    return specFragment == null ? null : MAPPER.convertValue(specFragment, type);
  }
}
