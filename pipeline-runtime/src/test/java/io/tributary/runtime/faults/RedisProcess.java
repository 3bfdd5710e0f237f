package io.tributary.runtime.faults;

import io.tributary.runtime.embedded.SupervisedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} on 127.0.0.1 under {@link SupervisedProcess}, so that it ends with the test
 * JVM however that ends ({@code EmbeddedRedisServer} of the main code relies on a shutdown hook,
 * which kill -9 of the test JVM skips). {@link #stop()} is {@code SHUTDOWN SAVE} and the process
 * exits; {@link #start()} starts a new process on the same port that loads the snapshot: a Redis
 * with persistence that restarts. The binary is {@code TRIBUTARY_REDIS_SERVER} or
 * {@code redis-server} on the {@code PATH}.
 */
final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private SupervisedProcess process;

  RedisProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts the server and waits until it accepts connections. */
  RedisProcess start() {
    String binary = System.getenv().getOrDefault("TRIBUTARY_REDIS_SERVER", "redis-server");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process = SupervisedProcess.start("redis", List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", dir.toString()), Map.of(),
        dir.resolve("redis.log"));
    Awaitility.await("redis-server listening on " + port).atMost(Duration.ofSeconds(20))
        .failFast("redis-server exited: " + dir.resolve("redis.log"), () -> !process.isAlive())
        .until(this::accepts);
    return this;
  }

  /** {@code SHUTDOWN SAVE}: the data is written to disk and the process exits. */
  void stop() throws InterruptedException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.getOutputStream().write("SHUTDOWN SAVE\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.getInputStream().read(); // the server closes the connection once it saved
    } catch (IOException alreadyGone) {
      // not answering: terminate below
    }
    if (process.terminate(Duration.ofSeconds(10)) == -1) {
      process.kill();
    }
    process.close();
  }

  /** The Lettuce URL of database 0. */
  String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
