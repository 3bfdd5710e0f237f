package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code producer} section: the fields of the Producer CR spec the runtime needs.
 *
 * @param topic required, the Kafka topic written to
 * @param key the record field whose value becomes the Kafka key; defaults per source ({@link
 *     SourceConfig#defaultKey()}: {@code symbol}, {@code payment_id}, {@code call_id}; none for
 *     {@code http}, whose records are then sent without a key)
 * @param source required, exactly one source
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProducerConfig(String topic, String key, SourceConfig source) {
  public ProducerConfig {
    if (key == null && source != null) {
      key = source.defaultKey();
    }
  }
}
