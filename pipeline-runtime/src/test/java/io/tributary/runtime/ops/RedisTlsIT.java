package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import io.tributary.runtime.testing.TestCertificates;
import io.tributary.runtime.testing.TlsRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} with {@code redis.tls.caFile} against a real redis-server that speaks only TLS
 * with a certificate from a test CA: the worker writes its keys; a CA that did not sign the
 * server's certificate, or a certificate without the URL's host, fails the connection at once with
 * the TLS reason (no hang, no plain-text fallback).
 */
class RedisTlsIT {
  private static TestCertificates ca;
  private static TlsRedisServer server;
  @TempDir static Path dir;
  private static Path caFile;

  @BeforeAll
  static void start() {
    ca = TestCertificates.newCa("tributary-test-redis-ca");
    server = TlsRedisServer.start(ca, ca.server("redis"));
    caFile = TestCertificates.write(dir, "ca.crt", ca.ca().certificatePem());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aWorkerWithTheCaWritesItsKeysOverTls() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "tls" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of("{\"k\":\"a\"}", "{\"k\":\"a\"}", "{\"k\":\"b\"}"));
    String config = """
        {"pipeline": "test", "component": "%s", "role": "worker",
         "kafka": {"bootstrapServers": "%s"},
         "redis": {"url": "%s", "tls": {"caFile": "%s"}},
         "deadLetterTopic": "%s.dlq",
         "worker": {"input": {"topic": {"name": "%s"}},
                    "processors": [{"aggregate": {"key": "%s:{k}", "count": true}}], "errorPolicy": {}}}
        """.formatted(p, kafka.bootstrapServers(), server.url(), caFile, p, in, p);
    RedisClient reader = RedisClient.create(server.url());
    reader.setOptions(ClientOptions.builder()
        .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(caFile.toFile()).build()).build());
    try (RunningRole worker = RunningRole.start(config);
        StatefulRedisConnection<String, String> redis = reader.connect()) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(redis.sync().hget(p + ":a", "count")).isEqualTo("2");
        assertThat(redis.sync().hget(p + ":b", "count")).isEqualTo("1");
      });
    } finally {
      reader.shutdown();
    }
  }

  @Test
  void aCaThatDidNotSignTheServerFailsAtOnceWithTheTlsReason() {
    Path otherCa = TestCertificates.write(dir, "other-ca.crt",
        TestCertificates.newCa("someone-else").ca().certificatePem());
    RedisClient client = Connections.redisClient(config(server.url(), otherCa), Map.<String, String>of()::get);
    try {
      // a guard against a hang only: the failure must be the handshake's answer, not a timeout
      RedisConnectionException failure = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        try {
          client.connect().close();
          return null;
        } catch (RedisConnectionException e) {
          return e;
        }
      });
      assertThat(failure).as("connected with an untrusted server certificate").isNotNull();
      assertThat(causes(failure)).as("a TLS handshake failure, not a timeout")
          .anyMatch(c -> c instanceof javax.net.ssl.SSLHandshakeException);
      assertThat(Connections.redisConnectFailure(failure))
          .contains("127.0.0.1")
          .containsAnyOf("unable to find valid certification path", "PKIX path building failed");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aServerCertificateWithoutTheUrlsHostIsRefused() {
    try (TlsRedisServer elsewhere = TlsRedisServer.start(ca, ca.serverFor("redis", "redis.example.com"))) {
      RedisClient client = Connections.redisClient(config(elsewhere.url(), caFile), Map.<String, String>of()::get);
      try {
        assertThatThrownBy(() -> client.connect().close())
            .isInstanceOf(RedisConnectionException.class)
            .satisfies(e -> assertThat(Connections.redisConnectFailure(e))
                .containsAnyOf("No subject alternative names matching IP address 127.0.0.1",
                    "No subject alternative"));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void theJvmsDefaultTrustStoreDoesNotTrustTheTestCa() {
    // what redis.tls adds: without it a rediss:// URL trusts only the JVM's CAs
    RedisClient client = Connections.redisClient(config(server.url(), null), Map.<String, String>of()::get);
    try {
      assertThatThrownBy(() -> client.connect().close()).isInstanceOf(RedisConnectionException.class);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aCaFileThatHoldsNoCertificateFailsBeforeConnecting() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
    assertThatThrownBy(() -> Connections.redisClient(config(server.url(), garbage), Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("redis.tls.caFile " + garbage);
    Path missing = dir.resolve("missing.crt");
    assertThatThrownBy(() -> Connections.redisClient(config(server.url(), missing), Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("redis.tls.caFile " + missing + ": cannot read it");
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable c = e; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  private static RuntimeConfig config(String url, Path ca) {
    String tls = ca == null ? "" : ", \"tls\": {\"caFile\": \"" + ca + "\"}";
    String json = """
        {"pipeline": "test", "component": "c", "role": "worker",
         "kafka": {"bootstrapServers": "127.0.0.1:9"},
         "redis": {"url": "%s"%s},
         "worker": {"input": {"redisStream": {"stream": "s", "group": "g"}}, "processors": [{"publish": {"channel": "c"}}]}}
        """.formatted(url, tls);
    var parsed = RuntimeConfigs.parse(json);
    assertThat(parsed.problems()).isEmpty();
    return parsed.config();
  }
}
