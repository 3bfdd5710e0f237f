package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where a run reads: exactly one of topic, http, csv.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.topic), has(self.http), has(self.csv)].exists_one(x, x)",
    message = "spec.extract: exactly one of topic, http, csv must be set")
public class EtlExtract {

  @JsonPropertyDescription("A bounded slice of a Kafka topic.")
  private TopicExtract topic;

  @JsonPropertyDescription("A JSON HTTP source.")
  private HttpExtract http;

  @JsonPropertyDescription("A CSV file.")
  private CsvExtract csv;

  public TopicExtract getTopic() {
    return topic;
  }

  public void setTopic(TopicExtract topic) {
    this.topic = topic;
  }

  public HttpExtract getHttp() {
    return http;
  }

  public void setHttp(HttpExtract http) {
    this.http = http;
  }

  public CsvExtract getCsv() {
    return csv;
  }

  public void setCsv(CsvExtract csv) {
    this.csv = csv;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlExtract that = (EtlExtract) o;
    return Objects.equals(topic, that.topic)
        && Objects.equals(http, that.http)
        && Objects.equals(csv, that.csv);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, http, csv);
  }

  @Override
  public String toString() {
    return "EtlExtract{"
        + "topic=" + topic
        + ", http=" + http
        + ", csv=" + csv
        + "}";
  }
}
