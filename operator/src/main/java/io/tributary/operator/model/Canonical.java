package io.tributary.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Canonical JSON (sorted keys, no nulls) and hashes of it: equal content, equal hash. */
public final class Canonical {
  /** Mapper that writes keys in sorted order and leaves out nulls. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .findAndAddModules()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Canonical() {}

  /** Canonical JSON text of a value. */
  public static String json(Object value) {
    try {
      JsonNode tree = MAPPER.valueToTree(value);
      // valueToTree keeps insertion order for ObjectNodes; re-reading a sorted write fixes that
      Object sorted = MAPPER.treeToValue(tree, Object.class);
      return MAPPER.writeValueAsString(sorted);
    } catch (Exception e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  /** First 16 hex digits of the SHA-256 of the canonical JSON of {@code value}. */
  public static String hash(Object value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(json(value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
