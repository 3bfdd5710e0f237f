package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code etl} section: the fields of the EtlSchedule CR spec one run needs.
 *
 * @param extract required, exactly one source
 * @param transform applied in order; default none
 * @param load required, exactly one target
 * @param quality checks before loading; default none
 * @param retries whole-run retries; default none ({@link RetriesConfig#none()})
 * @param terminationMessagePath where the one-line JSON summary goes; default
 *     {@code /dev/termination-log}
 * @param waitFor a gate on a Worker's lag before the run starts; default none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EtlConfig(
    ExtractConfig extract,
    List<TransformConfig> transform,
    LoadConfig load,
    QualityConfig quality,
    RetriesConfig retries,
    String terminationMessagePath,
    WaitForConfig waitFor) {
  public static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";

  /**
   * Environment variable, not part of this section: seconds the {@code etl} role keeps serving
   * {@code /metrics} after the run (default 0), so Prometheus scrapes a short run. The operator
   * sets it on ETL pods; declared here, with the configuration the operator writes, so the operator
   * needs no role code.
   */
  public static final String LINGER_ENV = "TRIBUTARY_ETL_LINGER_SECONDS";

  /** The section without a gate. */
  public EtlConfig(ExtractConfig extract, List<TransformConfig> transform, LoadConfig load, QualityConfig quality,
      RetriesConfig retries, String terminationMessagePath) {
    this(extract, transform, load, quality, retries, terminationMessagePath, null);
  }

  /** The same section with another gate. */
  public EtlConfig withWaitFor(WaitForConfig gate) {
    return new EtlConfig(extract, transform, load, quality, retries, terminationMessagePath, gate);
  }

  public EtlConfig {
    transform = transform == null ? List.of() : List.copyOf(transform);
    quality = quality == null ? QualityConfig.none() : quality;
    retries = retries == null ? RetriesConfig.none() : retries;
    terminationMessagePath = terminationMessagePath == null
        ? DEFAULT_TERMINATION_MESSAGE_PATH : terminationMessagePath;
  }
}
