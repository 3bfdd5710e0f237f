package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code worker} section: the fields of the Worker CR spec the runtime needs.
 *
 * @param input required, exactly one input
 * @param processors required, non-empty; applied in order to each record
 * @param errorPolicy retries and dead-lettering; default {@link ErrorPolicyConfig#defaults()}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerConfig(
    InputConfig input, List<ProcessorConfig> processors, ErrorPolicyConfig errorPolicy) {
  public WorkerConfig {
    processors = processors == null ? null : List.copyOf(processors);
    errorPolicy = errorPolicy == null ? ErrorPolicyConfig.defaults() : errorPolicy;
  }
}
