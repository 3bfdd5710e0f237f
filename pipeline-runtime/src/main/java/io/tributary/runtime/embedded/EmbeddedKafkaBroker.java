package io.tributary.runtime.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker running inside this JVM: KRaft combined mode (broker and controller in
 * one node), bound to 127.0.0.1 on free ports, with a temporary log directory that is deleted on
 * {@link #close()}. Tuned for tests and the sandbox: replication factor 1 everywhere, no initial
 * rebalance delay, topics auto-created with one partition.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *   kafka.createTopic("orders", 3);
 *   producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final Path logDir;
  private final int brokerPort;
  /** The SASL/SCRAM-SHA-512 listener's port, 0 when the broker has none. */
  private final int saslPort;
  /** The mutual-TLS listener's port, 0 when the broker has none. */
  private final int sslPort;
  private final KafkaConfig config;
  private final Thread shutdownHook;
  private KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafkaBroker(int port, Map<String, String> overrides, boolean secured, MutualTls tls) throws Exception {
    this.logDir = Files.createTempDirectory("tributary-kafka-");
    this.brokerPort = port == 0 ? FreePorts.next() : port;
    this.saslPort = secured ? FreePorts.next() : 0;
    this.sslPort = tls != null ? FreePorts.next() : 0;
    int controllerPort = FreePorts.next();
    Properties props = defaultProperties(brokerPort, controllerPort, logDir);
    if (secured) {
      secure(props, brokerPort, saslPort, controllerPort);
    }
    if (tls != null) {
      mutualTls(props, tls, sslPort);
    }
    props.putAll(overrides);
    this.config = KafkaConfig.fromProps(props, false);
    format(logDir);
    this.shutdownHook = new Thread(this::stopServer, "embedded-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    startServer();
  }

  private void startServer() throws InterruptedException {
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    awaitReady();
  }

  /**
   * Stops the broker but keeps its data and ports, so that {@link #restart()} brings it back as
   * it was: tests use this to simulate a Kafka outage.
   */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts a {@link #stop() stopped} broker again on the same ports with the same data. */
  public synchronized void restart() {
    if (server == null && !closed) {
      try {
        startServer();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting the broker", e);
      }
    }
  }

  /** Starts a broker with the default test settings. */
  public static EmbeddedKafkaBroker start() {
    return start(Map.of());
  }

  /** Starts a broker; {@code overrides} are Kafka server properties applied over the defaults. */
  public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
    return start(0, overrides);
  }

  /**
   * Starts a broker whose client listener is {@code 127.0.0.1:port} (0 picks a free port; the
   * controller listener always takes a free port).
   */
  public static EmbeddedKafkaBroker start(int port, Map<String, String> overrides) {
    return start(port, overrides, false);
  }

  /**
   * Starts a broker with an authorizer ({@code StandardAuthorizer}) and a second client listener,
   * SASL_PLAINTEXT with SCRAM-SHA-512, at {@link #saslBootstrapServers()}. The PLAINTEXT listener
   * ({@link #bootstrapServers()}, {@link #admin()}) stays as the admin's: its principal {@code
   * User:ANONYMOUS} is the super user. A SASL client is authorised by ACLs only; create its SCRAM
   * credentials with {@code Admin.alterUserScramCredentials} on {@link #admin()}.
   */
  public static EmbeddedKafkaBroker startSecured() {
    return start(0, Map.of(), true, null);
  }

  /**
   * The PEM material of a broker's mutual-TLS listener ({@link #startSecured(MutualTls)}).
   *
   * @param caCertificate the CA that signed the client certificates (the broker trusts only it)
   * @param certificateChain the broker's certificate (SAN {@code IP:127.0.0.1}), then its issuers
   * @param privateKey the broker's unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----})
   */
  public record MutualTls(String caCertificate, String certificateChain, String privateKey) {
    @Override
    public String toString() {
      return "MutualTls[privateKey=***]"; // never print the key
    }
  }

  /**
   * A {@link #startSecured()} broker with a third client listener, SSL with {@code
   * ssl.client.auth=required}, at {@link #sslBootstrapServers()}: a client must present a
   * certificate signed by {@code tls.caCertificate()}, and its principal is {@code User:CN=<cn>},
   * the certificate subject's {@code CN} alone ({@code ssl.principal.mapping.rules}), as for a
   * Strimzi {@code tls} KafkaUser (whose certificate subject is {@code CN=<user>}). Such a client
   * is authorised by ACLs only.
   */
  public static EmbeddedKafkaBroker startSecured(MutualTls tls) {
    return start(0, Map.of(), true, java.util.Objects.requireNonNull(tls, "tls"));
  }

  private static EmbeddedKafkaBroker start(int port, Map<String, String> overrides, boolean secured) {
    return start(port, overrides, secured, null);
  }

  private static EmbeddedKafkaBroker start(int port, Map<String, String> overrides, boolean secured, MutualTls tls) {
    try {
      return new EmbeddedKafkaBroker(port, overrides, secured, tls);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka broker failed to start: " + e.getMessage(), e);
    }
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /**
   * The SASL/SCRAM-SHA-512 listener's {@code bootstrap.servers} of a {@link #startSecured()} broker.
   *
   * @throws IllegalStateException when the broker was not started secured
   */
  public String saslBootstrapServers() {
    if (saslPort == 0) {
      throw new IllegalStateException("this broker has no SASL listener: start it with startSecured()");
    }
    return "127.0.0.1:" + saslPort;
  }

  /**
   * The mutual-TLS listener's {@code bootstrap.servers} of a {@link #startSecured(MutualTls)} broker.
   *
   * @throws IllegalStateException when the broker has no such listener
   */
  public String sslBootstrapServers() {
    if (sslPort == 0) {
      throw new IllegalStateException("this broker has no SSL listener: start it with startSecured(MutualTls)");
    }
    return "127.0.0.1:" + sslPort;
  }

  /**
   * Creates a topic (replication factor 1) and waits until the broker serves every partition; an
   * existing topic of that name is left as is.
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
        }
      }
      awaitLeaders(admin, name);
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The controller acknowledges a new topic before the broker's replica manager serves it; a
   * producer that writes in between meets NOT_LEADER errors (and an idempotent one can then get
   * stuck on an out-of-order sequence). ListOffsets is answered by the replica manager itself.
   */
  private static void awaitLeaders(Admin admin, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        var description = admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        description.partitions().forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(name, p.partition()),
            org.apache.kafka.clients.admin.OffsetSpec.latest()));
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException notServedYet) {
        last = notServedYet;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("topic " + name + " is not served after 30s", last);
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stopServer();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook itself is running; nothing to remove
    }
  }

  private synchronized void stopServer() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
    } finally {
      TempDirs.deleteQuietly(logDir);
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          last = e;
        }
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("embedded Kafka broker did not become ready within 60s", last);
  }

  private static void format(Path logDir) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
  }

  private static void secure(Properties p, int brokerPort, int saslPort, int controllerPort) {
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + ","
        + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
    p.put("listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:ANONYMOUS");
    p.put("auto.create.topics.enable", "false");
  }

  /** Adds the SSL listener of {@link #startSecured(MutualTls)} to a {@link #secure secured} broker's settings. */
  private static void mutualTls(Properties p, MutualTls tls, int sslPort) {
    p.put("listeners", p.getProperty("listeners") + ",SSL://127.0.0.1:" + sslPort);
    p.put("advertised.listeners", p.getProperty("advertised.listeners") + ",SSL://127.0.0.1:" + sslPort);
    p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SSL:SSL");
    p.put("listener.name.ssl.ssl.client.auth", "required");
    p.put("listener.name.ssl.ssl.keystore.type", "PEM");
    p.put("listener.name.ssl.ssl.keystore.certificate.chain", tls.certificateChain());
    p.put("listener.name.ssl.ssl.keystore.key", tls.privateKey());
    p.put("listener.name.ssl.ssl.truststore.type", "PEM");
    p.put("listener.name.ssl.ssl.truststore.certificates", tls.caCertificate());
    // the subject's CN alone, kept as "CN=<cn>": what Kafka's default rule makes of a Strimzi user
    // certificate (subject CN=<user>) and the principal Strimzi's ACLs name; other DN parts are dropped
    p.put("ssl.principal.mapping.rules", "RULE:^(CN=[^,]+)(,.*)?$/$1/,DEFAULT");
  }

  private static Properties defaultProperties(int brokerPort, int controllerPort, Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "true");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.segment.bytes", String.valueOf(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    return p;
  }
}
