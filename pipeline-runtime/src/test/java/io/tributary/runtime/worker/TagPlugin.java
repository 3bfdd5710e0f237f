package io.tributary.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A user processor as a plug-in jar would ship it: adds a tag field, drops records marked "drop". */
public final class TagPlugin implements RecordProcessor {
  private String tag = "none";

  @Override
  public String name() {
    return "tag";
  }

  @Override
  public void configure(JsonNode config) {
    tag = config.path("tag").asText("none");
  }

  @Override
  public ObjectNode process(ObjectNode record) {
    if (record.path("drop").asBoolean(false)) {
      return null;
    }
    if (record.has("explode")) {
      throw new IllegalStateException("cannot tag " + record.get("explode").asText());
    }
    return record.put("tag", tag);
  }
}
