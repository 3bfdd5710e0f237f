package io.tributary.operator.sandbox.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** HTTP readiness probe against a pod's local port: 2xx/3xx means ready, anything else not. */
final class ReadinessProber implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  CompletableFuture<Boolean> probe(int port, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> response.statusCode() >= 200 && response.statusCode() < 400)
        .exceptionally(error -> false);
  }

  @Override
  public void close() {
    // java.net.http.HttpClient of Java 17 has no close(); its threads are daemons
  }
}
