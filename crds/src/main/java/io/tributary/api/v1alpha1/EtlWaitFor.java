package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * A gate on stream state, exactly one of: a Worker of the same Pipeline at most {@code maxLag}
 * records behind its input topic, or a topic's event-time watermark past the end of the run's data
 * interval; a run waits for it and fails when it is not reached within {@code timeout}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.worker), has(self.watermark)].exists_one(x, x)",
    message = "spec.waitFor: exactly one of worker, watermark must be set")
public class EtlWaitFor {

  @JsonPropertyDescription("A Worker of the same Pipeline, in this namespace, that reads a Kafka topic: the run starts once its consumer group has caught up. Exactly one of worker, watermark.")
  @Size(min = 1, max = 63)
  @Pattern(ApiPatterns.DNS_LABEL)
  private String worker;

  @JsonPropertyDescription("Records the Worker may still be behind the end of its topic. Default: 0. Not used with watermark.")
  @Min(0)
  @Default("0")
  private Long maxLag = 0L;

  @JsonPropertyDescription("How long a run waits (e.g. 10m); then it fails with a message naming the Worker and its lag (or the topic, the watermark reached and the interval end), and loads nothing. Counts against activeDeadlineSeconds. Default: 10m.")
  @Pattern(ApiPatterns.DURATION)
  @Default("10m")
  private String timeout = "10m";

  @JsonPropertyDescription("Gate on a topic's event-time watermark instead of a Worker's lag: the run waits until every partition of the topic holds a record timestamped at or after the end of the run's data interval. Exactly one of worker, watermark.")
  private EtlWaitForWatermark watermark;

  public EtlWaitForWatermark getWatermark() {
    return watermark;
  }

  public void setWatermark(EtlWaitForWatermark watermark) {
    this.watermark = watermark;
  }

  public String getWorker() {
    return worker;
  }

  public void setWorker(String worker) {
    this.worker = worker;
  }

  public Long getMaxLag() {
    return maxLag;
  }

  public void setMaxLag(Long maxLag) {
    this.maxLag = maxLag;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlWaitFor that = (EtlWaitFor) o;
    return Objects.equals(worker, that.worker) && Objects.equals(maxLag, that.maxLag) && Objects.equals(timeout, that.timeout)
        && Objects.equals(watermark, that.watermark);
  }

  @Override
  public int hashCode() {
    return Objects.hash(worker, maxLag, timeout, watermark);
  }

  @Override
  public String toString() {
    return "EtlWaitFor{worker=" + worker + ", maxLag=" + maxLag + ", timeout=" + timeout + ", watermark=" + watermark + "}";
  }
}
