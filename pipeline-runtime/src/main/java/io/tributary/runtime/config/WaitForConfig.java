package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code etl.waitFor} section: before the run starts, wait for stream state, for at most
 * {@code timeout}; exactly one of two gates:
 *
 * <ul>
 *   <li>{@code worker}: until a Worker's consumer group is at most {@code maxLag} records behind the
 *       end of its topic (the operator fills {@code group} and {@code topic} from the Worker named in
 *       the EtlSchedule);
 *   <li>{@code watermark}: until every partition of a topic holds a record whose timestamp is at or
 *       after the end of the run's data interval ({@link Watermark}).
 * </ul>
 *
 * @param worker the Worker's name, for messages
 * @param group its consumer group
 * @param topic its input topic
 * @param maxLag records behind at most; default 0; the worker gate only
 * @param timeout how long to wait (e.g. {@code 10m}); then the run fails; default 10m
 * @param watermark the event-time gate, instead of the worker gate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitForConfig(String worker, String group, String topic, Long maxLag, String timeout, Watermark watermark) {
  public static final String DEFAULT_TIMEOUT = "10m";

  /**
   * {@code etl.waitFor.watermark}: the topic whose event-time watermark must pass the end of the
   * run's data interval.
   *
   * @param topic the Kafka topic
   */
  public record Watermark(String topic) {}

  public WaitForConfig {
    maxLag = maxLag == null ? 0L : maxLag;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** The worker gate. */
  public WaitForConfig(String worker, String group, String topic, Long maxLag, String timeout) {
    this(worker, group, topic, maxLag, timeout, null);
  }

  /** The watermark gate on {@code topic}. */
  public static WaitForConfig watermark(String topic, String timeout) {
    return new WaitForConfig(null, null, null, null, timeout, new Watermark(topic));
  }

  /** The same gate on the given group and topic. */
  public WaitForConfig on(String group, String topic) {
    return new WaitForConfig(worker, group, topic, maxLag, timeout, watermark);
  }
}
