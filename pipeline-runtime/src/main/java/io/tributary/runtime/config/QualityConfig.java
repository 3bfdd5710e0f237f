package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Checks on the transformed records before loading; a failed check fails the run.
 *
 * @param minRecords fewest records to load; default 0
 * @param requiredFields fields every record must have (not null); default none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityConfig(Long minRecords, List<String> requiredFields) {
  public QualityConfig {
    minRecords = minRecords == null ? 0L : minRecords;
    requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
  }

  public static QualityConfig none() {
    return new QualityConfig(null, null);
  }
}
