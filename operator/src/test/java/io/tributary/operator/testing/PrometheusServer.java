package io.tributary.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.runtime.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary on the PATH, Debian package
 * {@code prometheus}) bound to 127.0.0.1 on a free port, with its data in a folder of its own.
 * {@link #close()} stops it, and so does the end of the test JVM. A machine without the binary
 * fails the test: {@code .ci/run} installs it.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final String url;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread stopAtExit;

  private PrometheusServer(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
    this.stopAtExit = new Thread(process::destroyForcibly, "prometheus-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /**
   * Starts Prometheus with {@code config} and waits until it is ready.
   *
   * @param workDir its TSDB and its log go here
   */
  public static PrometheusServer start(Path config, Path workDir) {
    try {
      Files.createDirectories(workDir);
      int port = FreePorts.next();
      Path log = workDir.resolve("prometheus.log");
      Process process = new ProcessBuilder(Executables.onPath("prometheus", "prometheus").toString(),
          "--config.file=" + config.toAbsolutePath(),
          "--web.listen-address=127.0.0.1:" + port,
          "--storage.tsdb.path=" + workDir.resolve("data").toAbsolutePath(),
          "--storage.tsdb.retention.time=1h")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, log);
      server.awaitReady(Duration.ofSeconds(60));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus", e);
    }
  }

  public String url() {
    return url;
  }

  /** Prometheus' own log, for failure messages. */
  public String logTail() {
    try {
      var lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * An instant query through the HTTP API ({@code GET /api/v1/query}).
   *
   * @return the whole response: {@code status}, {@code data.result}, or {@code error}
   */
  public JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** {@code GET /api/v1/label/<label>/values?match[]=<selector>}. */
  public JsonNode labelValues(String label, String selector) {
    return get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
  }

  /** {@code GET /api/v1/targets}. */
  public JsonNode targets() {
    return get("/api/v1/targets");
  }

  /** {@code GET <pathAndQuery>} of the HTTP API, e.g. {@code /api/v1/rules}, as JSON. */
  public JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      // errors (400 bad query, 422 execution error) come with a JSON body too
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " from prometheus failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + logTail());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
