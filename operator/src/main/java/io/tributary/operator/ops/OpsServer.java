package io.tributary.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints: {@code /metrics} (Prometheus text) on the metrics port,
 * {@code /healthz} and {@code /readyz} on the health port (one server when the ports are equal).
 */
public final class OpsServer implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();

  private OpsServer() {}

  /** Starts the endpoints; port 0 picks a free port (see {@link #metricsPort()}). */
  public static OpsServer start(
      String bindAddress, int metricsPort, int healthPort, PrometheusMeterRegistry registry, HealthState health)
      throws IOException {
    OpsServer ops = new OpsServer();
    HttpServer metrics = ops.listen(bindAddress, metricsPort);
    metrics.createContext("/metrics", ex -> respond(ex, 200, registry::scrape, "text/plain; version=0.0.4"));
    HttpServer healthServer =
        metricsPort == healthPort && metricsPort != 0 ? metrics : ops.listen(bindAddress, healthPort);
    healthServer.createContext(
        "/healthz",
        ex ->
            respond(
                ex,
                health.live() ? 200 : 503,
                () -> health.fatalProblem().orElse("ok") + "\n",
                "text/plain"));
    healthServer.createContext(
        "/readyz",
        ex -> respond(ex, health.ready() ? 200 : 503, () -> health.ready() ? "ready\n" : "not ready\n", "text/plain"));
    ops.servers.forEach(HttpServer::start);
    return ops;
  }

  public int metricsPort() {
    return servers.get(0).getAddress().getPort();
  }

  public int healthPort() {
    return servers.get(servers.size() - 1).getAddress().getPort();
  }

  private HttpServer listen(String bindAddress, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ops-http-" + port);
      t.setDaemon(true);
      return t;
    }));
    servers.add(server);
    return server;
  }

  private static void respond(HttpExchange exchange, int status, Supplier<String> body, String type)
      throws IOException {
    try (exchange) {
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
