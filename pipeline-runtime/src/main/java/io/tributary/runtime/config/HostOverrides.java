package io.tributary.runtime.config;

import java.util.function.Function;

/**
 * Environment variables that adapt a configuration to the host it runs on rather than to the
 * pipeline: several runtime processes on one machine (the sandbox's local node, a developer's
 * laptop) need their own ports, and a termination log outside a container cannot be
 * {@code /dev/termination-log}. In a pod none of them is set and the configuration applies as
 * written. The sandbox sets them through these constants, so the names exist once.
 */
public final class HostOverrides {
  private HostOverrides() {}

  /** Overrides {@code metricsPort}. */
  public static final String METRICS_PORT = "TRIBUTARY_METRICS_PORT";

  /** Address the ops server binds; default all interfaces (tests use 127.0.0.1). */
  public static final String METRICS_BIND = "TRIBUTARY_METRICS_BIND";

  /** Address the {@code http} source binds; default all interfaces (tests and the sandbox use 127.0.0.1). */
  public static final String HTTP_BIND = "TRIBUTARY_HTTP_BIND";

  /** Overrides the {@code http} source's {@code port}. */
  public static final String HTTP_PORT = "TRIBUTARY_HTTP_PORT";

  /** Overrides the ETL role's {@code terminationMessagePath}. */
  public static final String TERMINATION_LOG = "TRIBUTARY_TERMINATION_LOG";

  /**
   * Returns {@code config} with the overrides found in {@code env} applied.
   *
   * @throws IllegalArgumentException naming the variable when a port is not a number
   */
  public static RuntimeConfig apply(RuntimeConfig config, Function<String, String> env) {
    Integer metricsPort = port(env, METRICS_PORT);
    Integer httpPort = port(env, HTTP_PORT);
    String terminationLog = blankToNull(env.apply(TERMINATION_LOG));

    ProducerConfig producer = config.producer();
    if (httpPort != null && producer != null && producer.source() != null && producer.source().http() != null) {
      SourceConfig.Http http = producer.source().http();
      producer = new ProducerConfig(producer.topic(), producer.key(), new SourceConfig(null, null, null,
          http.withPort(httpPort)));
    }
    EtlConfig etl = config.etl();
    if (terminationLog != null && etl != null) {
      etl = new EtlConfig(etl.extract(), etl.transform(), etl.load(), etl.quality(), etl.retries(), terminationLog,
          etl.waitFor());
    }
    return new RuntimeConfig(config.pipeline(), config.namespace(), config.component(), config.role(),
        config.kafka(), config.redis(), config.deadLetterTopic(),
        metricsPort != null ? metricsPort : config.metricsPort(), producer, config.worker(), etl);
  }

  private static Integer port(Function<String, String> env, String name) {
    String value = blankToNull(env.apply(name));
    if (value == null) {
      return null;
    }
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": \"" + value + "\" is not a port number (0-65535)");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
