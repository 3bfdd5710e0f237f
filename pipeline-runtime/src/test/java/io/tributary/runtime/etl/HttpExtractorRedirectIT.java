package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tributary.runtime.config.AllowedHosts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An allowed server must not be able to send the ETL pod to a host the operator's allowed hosts
 * leave out (issue #14 §4): the http extract follows a redirect only to an allowed host.
 */
class HttpExtractorRedirectIT {
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = server.getAddress().getPort();
    base = "http://127.0.0.1:" + port;
    server.createContext("/to-other-host", exchange -> redirect(exchange, "http://localhost:" + port + "/data"));
    server.createContext("/to-same-host", exchange -> redirect(exchange, "/data"));
    server.createContext("/loop", exchange -> redirect(exchange, "/loop"));
    server.createContext("/malformed", exchange -> redirect(exchange, "http://[::1/x y"));
    server.createContext("/to-file", exchange -> redirect(exchange, "file:///etc/passwd"));
    server.createContext("/data", exchange -> {
      byte[] body = "[{\"id\":1},{\"id\":2}]".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aRedirectToAHostTheListLeavesOutFailsTheRunAndNamesTheHost() {
    HttpExtractor extractor = new HttpExtractor(base + "/to-other-host", null, Optional.empty(),
        AllowedHosts.parse("test", "127.0.0.1"));
    assertThatThrownBy(extractor::extract).isInstanceOf(EtlFailure.class)
        .hasMessageContaining("host \"localhost\" is not in the operator's allowed hosts");
  }

  @Test
  void aRedirectToAnAllowedHostIsFollowed() throws Exception {
    HttpExtractor extractor = new HttpExtractor(base + "/to-same-host", null, Optional.empty(),
        AllowedHosts.parse("test", "127.0.0.1"));
    assertThat(extractor.extract().records()).hasSize(2);
  }

  @Test
  void withoutAListEveryRedirectIsFollowedButNotForever() throws Exception {
    assertThat(new HttpExtractor(base + "/to-other-host", null, Optional.empty(), AllowedHosts.any()).extract().records())
        .hasSize(2);
    assertThatThrownBy(new HttpExtractor(base + "/loop", null, Optional.empty(), AllowedHosts.any())::extract)
        .hasMessageContaining("more than " + HttpExtractor.MAX_REDIRECTS + " redirects");
  }

  @Test
  void aMalformedLocationFailsTheRunNamingIt() {
    assertThatThrownBy(new HttpExtractor(base + "/malformed", null, Optional.empty(), AllowedHosts.any())::extract)
        .isInstanceOf(EtlFailure.class)
        .hasMessageContaining("redirected to an invalid Location \"http://[::1/x y\"");
  }

  @Test
  void aRedirectToAnotherSchemeFailsTheRun() {
    assertThatThrownBy(new HttpExtractor(base + "/to-file", null, Optional.empty(), AllowedHosts.any())::extract)
        .isInstanceOf(EtlFailure.class)
        .hasMessageContaining("redirected to \"file:///etc/passwd\", which is not an http(s) URL with a host");
  }

  private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws java.io.IOException {
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }
}
