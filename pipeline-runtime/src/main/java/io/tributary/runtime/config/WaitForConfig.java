package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code etl.waitFor} section: before the run starts, wait until a Worker's consumer group is
 * at most {@code maxLag} records behind the end of its topic, for at most {@code timeout}. The
 * operator fills {@code group} and {@code topic} from the Worker named in the EtlSchedule.
 *
 * @param worker the Worker's name, for messages
 * @param group its consumer group
 * @param topic its input topic
 * @param maxLag records behind at most; default 0
 * @param timeout how long to wait (e.g. {@code 10m}); then the run fails; default 10m
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitForConfig(String worker, String group, String topic, Long maxLag, String timeout) {
  public static final String DEFAULT_TIMEOUT = "10m";

  public WaitForConfig {
    maxLag = maxLag == null ? 0L : maxLag;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** The same gate on the given group and topic. */
  public WaitForConfig on(String group, String topic) {
    return new WaitForConfig(worker, group, topic, maxLag, timeout);
  }
}
