package io.tributary.runtime.producer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.runtime.config.ProducerConfig;
import io.tributary.runtime.config.Role;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.ops.Connections;
import io.tributary.runtime.ops.RoleContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer role: runs the configured source ({@code marketData}, {@code payments},
 * {@code calls} or {@code http}) into the topic with the idempotent Kafka producer.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}. {@code close} stops generating or
 * accepting requests, flushes what is buffered and closes the producer.
 */
public final class ProducerRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerRole.class);
  /** How often Kafka is probed while the producer is not ready. */
  static final Duration PROBE_UNREADY_INTERVAL = Duration.ofSeconds(2);
  /** How often Kafka is probed while ready and no record was acknowledged in that time. */
  static final Duration PROBE_READY_INTERVAL = Duration.ofSeconds(10);
  /** The longest one probe waits for the brokers' answer. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Knobs that are not part of the configuration JSON.
   *
   * @param clock time source of the generators and record timestamps
   * @param httpBindAddress address the http source binds ({@code 0.0.0.0} in a pod)
   * @param ackTimeout how long an http request waits for Kafka before answering 503
   * @param closeTimeout how long {@link #close()} waits for Kafka to take the buffered records
   */
  public record Settings(
      Clock clock, String httpBindAddress, Duration ackTimeout, Duration closeTimeout) {
    /** System clock, all interfaces, 10 s ack timeout, 20 s to flush on close. */
    public static Settings defaults() {
      return new Settings(Clock.systemUTC(), "0.0.0.0", Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    /** {@link #defaults()}, binding the http source to {@code TRIBUTARY_HTTP_BIND} when it is set. */
    public static Settings fromEnvironment(Function<String, String> env) {
      String bind = env.apply(io.tributary.runtime.config.HostOverrides.HTTP_BIND);
      Settings defaults = defaults();
      return bind == null || bind.isBlank() ? defaults
          : new Settings(defaults.clock(), bind.trim(), defaults.ackTimeout(), defaults.closeTimeout());
    }
  }

  private final RuntimeConfig config;
  private final KafkaRecordSender sender;
  private final GeneratedSourceLoop loop;
  private final Thread loopThread;
  private final HttpIngestServer http;
  private final Duration closeTimeout;
  private volatile boolean closed;

  /**
   * Creates the Kafka producer and, for {@code http}, binds the port; nothing is sent before
   * {@link #start()}.
   *
   * @param kafkaProperties the common client properties ({@link Connections#kafkaProperties})
   * @param registry where the producer meters go (tagged pipeline/component/role by the registry)
   * @param env environment lookup for {@link SecretEnv#HTTP_TOKEN}
   * @throws IllegalArgumentException when {@code config} is not a producer configuration
   * @throws IllegalStateException when the http source needs a token and the environment has none
   * @throws UncheckedIOException when the http port cannot be bound
   */
  public ProducerRole(RuntimeConfig config, Map<String, Object> kafkaProperties,
      MeterRegistry registry, Function<String, String> env, Settings settings) {
    if (config.role() != Role.PRODUCER || config.producer() == null) {
      throw new IllegalArgumentException("not a producer configuration (role " + config.role() + ")");
    }
    this.config = config;
    this.closeTimeout = settings.closeTimeout();
    ProducerConfig producer = config.producer();
    SourceConfig source = producer.source();
    String token = source.http() == null ? null : requiredToken(source.http(), env);
    ProducerMetrics metrics = new ProducerMetrics(registry, producer.topic());
    this.sender = new KafkaRecordSender(producer.topic(), kafkaProperties, metrics,
        source.http() == null ? null : settings.ackTimeout());
    try {
      if (source.http() != null) {
        this.http = new HttpIngestServer(source.http(), producer.key(), token, sender, metrics,
            settings.httpBindAddress(), settings.ackTimeout(), settings.clock());
        this.loop = null;
        this.loopThread = null;
      } else {
        this.http = null;
        this.loop = new GeneratedSourceLoop(
            GeneratedSources.create(source, settings.clock().instant(), new SecureRandom().nextLong()),
            sender, producer.key(), settings.clock());
        this.loopThread = new Thread(loop, "producer-" + source.kind());
      }
    } catch (IOException e) {
      sender.close(Duration.ZERO);
      throw new UncheckedIOException("cannot listen on port " + source.http().port(), e);
    }
  }

  public ProducerRole(RuntimeConfig config, Map<String, Object> kafkaProperties,
      MeterRegistry registry, Function<String, String> env) {
    this(config, kafkaProperties, registry, env, Settings.fromEnvironment(env));
  }

  private static String requiredToken(SourceConfig.Http http, Function<String, String> env) {
    if (http.tokenSecretRef() == null) {
      return null;
    }
    String token = env.apply(SecretEnv.HTTP_TOKEN);
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("producer.source.http.tokenSecretRef is set but "
          + SecretEnv.HTTP_TOKEN + " is empty: refusing to serve without the token");
    }
    return token.trim();
  }

  private volatile boolean started;

  /** Starts generating, or serving http. */
  public void start() {
    Thread probe = new Thread(this::probeKafka, "producer-kafka-probe");
    probe.setDaemon(true);
    probe.start();
    if (http != null) {
      http.start();
    } else {
      loopThread.start();
    }
    started = true;
    LOG.info("producing {} records to topic {}", config.producer().source().kind(),
        config.producer().topic());
  }

  /** True once {@link #start()} has returned: the http source accepts connections, the generator runs. */
  public boolean started() {
    return started;
  }

  /** The http source's bound port; -1 for generated sources. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /**
   * Probes Kafka for as long as the role runs: every {@link #PROBE_UNREADY_INTERVAL} while not
   * reachable (so readiness comes back by itself once Kafka does, even though an unready pod gets
   * no requests to send), every {@link #PROBE_READY_INTERVAL} while reachable unless a record was
   * acknowledged meanwhile (so an outage shows while idle).
   */
  private void probeKafka() {
    while (!closed) {
      boolean ready = sender.isReachable();
      if (!ready || !sender.acknowledgedWithin(PROBE_READY_INTERVAL)) {
        boolean answered = sender.probe(PROBE_TIMEOUT);
        if (answered != ready) {
          LOG.info(answered ? "Kafka answers for topic {}: ready" : "Kafka does not answer for topic {}: not ready",
              config.producer().topic());
        }
        ready = answered;
      }
      try {
        Thread.sleep((ready ? PROBE_READY_INTERVAL : PROBE_UNREADY_INTERVAL).toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Readiness, without blocking: the latest probe of the brokers or the latest record's
   * acknowledgement succeeded.
   */
  public boolean kafkaReachable() {
    return sender.isReachable();
  }

  /** Generated records handed to the Kafka producer so far (0 for http). */
  long generatedRecords() {
    return loop == null ? 0 : loop.sent();
  }

  /** True until closed, while the generator runs (http: until closed). */
  public boolean isRunning() {
    return !closed && (http != null || loopThread.isAlive());
  }

  /** Stops taking work, flushes buffered records, closes the producer. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (http != null) {
      http.close();
    } else {
      loop.stop();
      try {
        loopThread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sender.close(closeTimeout);
    LOG.info("producer stopped");
  }

  /**
   * Runs the role for {@code Main}: starts, reports readiness, returns 0 after a stop request
   * (SIGTERM) once everything buffered is flushed.
   */
  public static int run(RoleContext context) {
    Map<String, Object> kafkaProperties = Connections.kafkaProperties(context.config(), context.env());
    try (ProducerRole role = new ProducerRole(context.config(), kafkaProperties, context.registry(),
        context.env())) {
      context.ops().addReadinessCheck("kafka", role::kafkaReachable);
      // a Service must not send requests before the http source listens
      context.ops().addReadinessCheck("source", role::started);
      role.start();
      while (!context.lifecycle().sleep(Duration.ofSeconds(1))) {
        if (!role.isRunning()) {
          LOG.error("the producer stopped by itself");
          return 1;
        }
      }
    }
    return 0;
  }
}
