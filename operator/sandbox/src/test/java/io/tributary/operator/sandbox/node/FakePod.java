package io.tributary.operator.sandbox.node;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for the runtime jar in node tests: serves {@code /readyz}, {@code /metrics},
 * {@code /config} (the file in {@code TRIBUTARY_CONFIG}) and {@code /env?NAME} on
 * {@code TRIBUTARY_METRICS_PORT}. Role {@code worker} runs until it is stopped; role
 * {@code job <exit code>} writes a JSON summary to {@code TRIBUTARY_TERMINATION_LOG} and exits.
 */
public final class FakePod {
  private FakePod() {}

  public static void main(String[] args) throws Exception {
    String role = args.length > 0 ? args[0] : "worker";
    int port = Integer.parseInt(System.getenv("TRIBUTARY_METRICS_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/readyz", exchange -> reply(exchange, 200, "ok"));
    server.createContext("/metrics", exchange -> reply(exchange, 200,
        "kafka_messages_consumed_total{component=\"fake\"} 42.0\n"));
    server.createContext("/config", exchange -> {
      String config = System.getenv("TRIBUTARY_CONFIG");
      reply(exchange, 200, config == null ? "" : Files.readString(Path.of(config)));
    });
    server.createContext("/env", exchange -> {
      String value = System.getenv(exchange.getRequestURI().getQuery());
      reply(exchange, value == null ? 404 : 200, value == null ? "" : value);
    });
    server.start();
    System.out.println("fake pod " + System.getenv("HOSTNAME") + " role " + role + " on port " + port);
    if (role.equals("job")) {
      int exitCode = args.length > 1 ? Integer.parseInt(args[1]) : 0;
      Files.writeString(Path.of(System.getenv("TRIBUTARY_TERMINATION_LOG")),
          "{\"result\":\"" + (exitCode == 0 ? "Succeeded" : "Failed") + "\",\"records\":3}");
      Thread.sleep(300);
      System.exit(exitCode);
    }
    Thread.currentThread().join();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
