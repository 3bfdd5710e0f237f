package io.tributary.runtime.testing;

import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.embedded.SupervisedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (from the PATH, or {@code TRIBUTARY_REDIS_SERVER}) on 127.0.0.1 that
 * speaks only TLS ({@code --port 0 --tls-port <free>}), with a server certificate from a test CA
 * ({@link TestCertificates}) and no client certificates required ({@code --tls-auth-clients no}).
 * The test that starts it stops it ({@link #close()}); it goes with this JVM anyway.
 */
public final class TlsRedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private final SupervisedProcess process;

  private TlsRedisServer(int port, Path dir, SupervisedProcess process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /** Starts a server presenting {@code server} and waits until its TLS port accepts connections. */
  public static TlsRedisServer start(TestCertificates ca, TestCertificates.Issued server) {
    try {
      Path dir = Files.createTempDirectory("tributary-redis-tls-");
      Path caFile = TestCertificates.write(dir, "ca.crt", ca.ca().certificatePem());
      Path cert = TestCertificates.write(dir, "server.crt", server.certificatePem());
      Path key = TestCertificates.write(dir, "server.key", server.keyPem());
      int port = FreePorts.next();
      String binary = System.getenv("TRIBUTARY_REDIS_SERVER");
      SupervisedProcess process = SupervisedProcess.start("redis-server-tls",
          Path.of(binary == null || binary.isBlank() ? "redis-server" : binary),
          List.of("--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
              "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
              "--tls-ca-cert-file", caFile.toString(), "--tls-auth-clients", "no",
              "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", dir.toString()),
          dir.resolve("redis.log"));
      TlsRedisServer started = new TlsRedisServer(port, dir, process);
      started.awaitListening();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code rediss://127.0.0.1:<port>/0}. */
  public String url() {
    return "rediss://127.0.0.1:" + port + "/0";
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server with TLS exited: " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("redis-server with TLS did not listen on " + port + ": " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
