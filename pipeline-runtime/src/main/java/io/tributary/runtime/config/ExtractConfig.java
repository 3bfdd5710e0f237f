package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where an ETL run reads its records: exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractConfig(Topic topic, Http http, Csv csv) {

  public static ExtractConfig of(Topic topic) {
    return new ExtractConfig(topic, null, null);
  }

  public static ExtractConfig of(Http http) {
    return new ExtractConfig(null, http, null);
  }

  public static ExtractConfig of(Csv csv) {
    return new ExtractConfig(null, null, csv);
  }

  /** {@code topic}, {@code http}, {@code csv} or {@code null} when none is set. */
  public String kind() {
    return topic != null ? "topic" : http != null ? "http" : csv != null ? "csv" : null;
  }

  /**
   * A bounded read: from the group's committed offsets to the end offsets seen at the start.
   *
   * @param name required, the topic
   * @param maxRecords stop after this many records (the rest waits for the next run); absent: no cap
   * @param consumerGroup default {@code <pipeline>.etl.<component>} ({@link
   *     RuntimeConfig#defaultConsumerGroup(Role, String, String)})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Topic(String name, Long maxRecords, String consumerGroup) {
    public String consumerGroupOr(String fallback) {
      return consumerGroup != null ? consumerGroup : fallback;
    }
  }

  /**
   * {@code GET url}; the body is a JSON array of records, or an object holding one at
   * {@code itemsPath}.
   *
   * @param url required, http or https
   * @param itemsPath dot-separated path of the array in the body ({@code data.items}); absent: the
   *     body itself
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Http(String url, String itemsPath) {}

  /**
   * A CSV file with a header line; every value is a string. Exactly one of {@code configMap},
   * {@code url}, {@code path}.
   *
   * @param configMap a ConfigMap key; the operator mounts the ConfigMap at
   *     {@link SecretEnv#CSV_CONFIG_MAP_DIR} and the run reads {@code <dir>/<key>}
   * @param url http or https URL of the file
   * @param path a file in the container
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Csv(KeyRef configMap, String url, String path) {
    /** {@code configMap}, {@code url}, {@code path} or {@code null} when none is set. */
    public String kind() {
      return configMap != null ? "configMap" : url != null ? "url" : path != null ? "path" : null;
    }
  }
}
