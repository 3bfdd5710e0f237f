package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.QualityConfig;
import java.util.List;

/** The {@code quality} checks on the transformed records; a failed check fails the run before loading. */
final class QualityCheck {
  private QualityCheck() {}

  /** @throws EtlFailure naming the check, and the record and field for {@code requiredFields} */
  static void verify(QualityConfig quality, List<ObjectNode> records) {
    if (records.size() < quality.minRecords()) {
      throw new EtlFailure("quality.minRecords: " + records.size() + " records, at least "
          + quality.minRecords() + " required");
    }
    for (int i = 0; i < records.size(); i++) {
      for (String field : quality.requiredFields()) {
        JsonNode value = records.get(i).get(field);
        if (value == null || value.isNull()) {
          throw new EtlFailure("quality.requiredFields: record " + i + " has no \"" + field + "\": " + records.get(i));
        }
      }
    }
  }
}
