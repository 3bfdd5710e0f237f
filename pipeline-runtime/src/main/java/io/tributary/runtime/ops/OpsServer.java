package io.tributary.runtime.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.runtime.config.Redaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operations endpoint of every role: {@code /metrics} (Prometheus text), {@code /healthz}
 * (live while the process runs) and {@code /readyz} (200 once every registered readiness check
 * passes, 503 naming the failing ones otherwise). Default port 9404; 0 picks a free port.
 */
public final class OpsServer implements AutoCloseable {
  /** The metrics/health port of DESIGN §3. */
  public static final int DEFAULT_PORT = 9404;

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;
  /** Per check: what is wrong right now, null when it passes ("" when it fails without a reason). */
  private final Map<String, Supplier<String>> readinessChecks = new ConcurrentHashMap<>();
  private volatile boolean live = true;

  private OpsServer(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /** Binds all interfaces on {@code port} (Prometheus scrapes the pod IP) and starts serving. */
  public static OpsServer start(int port, PrometheusMeterRegistry registry) {
    return start(new InetSocketAddress(port), registry);
  }

  /** Binds {@code address} and starts serving. */
  public static OpsServer start(InetSocketAddress address, PrometheusMeterRegistry registry) {
    try {
      HttpServer http = HttpServer.create(address, 16);
      OpsServer ops = new OpsServer(http, registry);
      http.createContext("/metrics", ops::metrics);
      http.createContext("/healthz", ops::health);
      http.createContext("/readyz", ops::ready);
      http.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "ops-http");
        thread.setDaemon(true);
        return thread;
      }));
      http.start();
      return ops;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the metrics/health port " + address.getPort(), e);
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Adds a readiness check, e.g. "kafka" or "redis". A check must be cheap and must not block
   * for long: readiness is probed every few seconds.
   */
  public void addReadinessCheck(String name, BooleanSupplier check) {
    readinessChecks.put(name, () -> check.getAsBoolean() ? null : "");
  }

  /**
   * Adds a readiness check that says why it fails: {@code problem} returns null while it passes,
   * else a text that {@code /readyz} shows after the check's name (so the operator's condition
   * and {@code kubectl describe} tell what to fix). The text must hold no secret.
   */
  public void addReadinessProblem(String name, Supplier<String> problem) {
    readinessChecks.put(name, problem);
  }

  /** Makes {@code /healthz} fail, so that Kubernetes restarts a process that cannot recover. */
  public void markNotLive() {
    live = false;
  }

  /** The names of the checks that fail right now; empty when ready. */
  public java.util.List<String> failingReadinessChecks() {
    if (readinessChecks.isEmpty()) {
      // the server is up before the role has set anything up: not ready until the role says what it needs
      return java.util.List.of("starting");
    }
    return readinessReport().stream().map(line -> line.split(" ", 2)[0]).toList();
  }

  /** Per failing check, sorted: its name, then its reason in parentheses when it has one. */
  private java.util.List<String> readinessReport() {
    if (readinessChecks.isEmpty()) {
      return java.util.List.of("starting");
    }
    return readinessChecks.entrySet().stream()
        .map(entry -> {
          String problem = problem(entry.getValue());
          return problem == null ? null
              : problem.isEmpty() ? entry.getKey() : entry.getKey() + " (" + Redaction.text(problem) + ")";
        })
        .filter(java.util.Objects::nonNull)
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void metrics(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  private void health(HttpExchange exchange) throws IOException {
    respond(exchange, live ? 200 : 503, "text/plain", live ? "ok\n" : "not live\n");
  }

  private void ready(HttpExchange exchange) throws IOException {
    java.util.List<String> failing = readinessReport();
    if (failing.isEmpty()) {
      respond(exchange, 200, "text/plain", "ready\n");
    } else {
      respond(exchange, 503, "text/plain", "not ready: " + String.join(", ", failing) + "\n");
    }
  }

  /** A check that throws fails, without its exception's text (which may hold anything). */
  private static String problem(Supplier<String> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
