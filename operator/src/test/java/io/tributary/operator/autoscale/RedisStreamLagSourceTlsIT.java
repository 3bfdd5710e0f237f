package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.embedded.SupervisedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoscaler's Redis client with {@code spec.redis.tls.caSecretRef}'s CA against a real
 * redis-server that speaks only TLS (certificates made with the openssl CLI, SAN IP 127.0.0.1):
 * it reads the lag with the CA, and refuses a server its CA did not sign.
 */
class RedisStreamLagSourceTlsIT {
  static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");
  @TempDir Path dir;

  @Test
  void theLagIsReadOverTlsWithThePipelinesCaAndAnotherCaIsRefused() throws Exception {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-subj", "/CN=test-ca", "-days", "2");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=redis");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt",
        "-subj", "/CN=other-ca", "-days", "2");
    int port = FreePorts.next();
    try (SupervisedProcess redis = SupervisedProcess.start("redis-server-tls", Path.of("redis-server"), List.of(
            "--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
            "--tls-cert-file", dir.resolve("server.crt").toString(), "--tls-key-file", dir.resolve("server.key").toString(),
            "--tls-ca-cert-file", dir.resolve("ca.crt").toString(), "--tls-auth-clients", "no",
            "--save", "", "--appendonly", "no", "--dir", dir.toString()), dir.resolve("redis.log"));
        RedisStreamLagSource source = new RedisStreamLagSource(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5))) {
      awaitListening(port, redis);
      String url = "rediss://127.0.0.1:" + port + "/0";
      String ca = Files.readString(dir.resolve("ca.crt"));

      LagObservation none = source.observe(new LagTarget.RedisStream(url, "tasks", "executors", ca, null));
      assertThat(none).isEqualTo(LagObservation.ofRedisStream(NOW, 0, 0, 0));

      String other = Files.readString(dir.resolve("other.crt"));
      assertThatThrownBy(() -> source.observe(new LagTarget.RedisStream(url, "tasks", "executors", other, null)))
          .isInstanceOf(LagObservationException.class);
      assertThatThrownBy(() -> source.observe(new LagTarget.RedisStream(
              "redis://127.0.0.1:" + port + "/0", "tasks", "executors", ca, null)))
          .isInstanceOf(LagObservationException.class)
          .hasMessageContaining("spec.redis.tls.caSecretRef is set but the Redis URL is redis://");
    }
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.log").toFile()).start();
    assertThat(process.waitFor()).as(Files.exists(dir.resolve("openssl.log"))
        ? Files.readString(dir.resolve("openssl.log")) : "openssl").isZero();
  }

  private static void awaitListening(int port, SupervisedProcess redis) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(redis.isAlive()).as("redis-server with TLS is running").isTrue();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("redis-server with TLS did not listen on " + port);
  }
}
