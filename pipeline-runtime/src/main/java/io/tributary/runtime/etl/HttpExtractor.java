package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.AllowedHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET url}: a JSON array of records, or an object holding one at {@code itemsPath}. The URL
 * may hold {@code {{data_interval_start}}} and {@code {{data_interval_end}}}, replaced by the run's
 * {@link DataInterval} (ISO-8601 instants). Redirects (at most {@value #MAX_REDIRECTS}) are
 * followed only to hosts the {@link AllowedHosts} allow and never from https to http: an allowed
 * server must not be able to send the pod to one that is not.
 */
final class HttpExtractor implements Extractor {
  private static final ObjectMapper JSON = io.tributary.runtime.config.RecordNumbers.recordMapper();

  static final int MAX_REDIRECTS = 5;

  private final String url;
  private final String itemsPath;
  private final AllowedHosts allowed;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  HttpExtractor(String url, String itemsPath, java.util.Optional<DataInterval> interval, AllowedHosts allowed) {
    this.url = DataInterval.substitute(url, interval);
    this.itemsPath = itemsPath;
    this.allowed = allowed;
  }

  @Override
  public Extraction extract() throws Exception {
    HttpResponse<byte[]> response = get(URI.create(url));
    for (int redirects = 0; isRedirect(response.statusCode()); redirects++) {
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null) {
        break;
      }
      URI from = response.uri();
      URI to;
      try {
        to = from.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        // a server's header is input like any other: a malformed one fails the run, named
        throw new EtlFailure("extract.http: GET " + url + ": " + from.getHost() + " redirected to an invalid Location "
            + quoted(location) + ": " + e.getMessage());
      }
      if (!"http".equalsIgnoreCase(to.getScheme()) && !"https".equalsIgnoreCase(to.getScheme()) || to.getHost() == null) {
        throw new EtlFailure("extract.http: GET " + url + ": " + from.getHost() + " redirected to " + quoted(location)
            + ", which is not an http(s) URL with a host");
      }
      if (redirects == MAX_REDIRECTS) {
        throw new EtlFailure("extract.http: GET " + url + ": more than " + MAX_REDIRECTS + " redirects");
      }
      if ("https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(to.getScheme())) {
        throw new EtlFailure("extract.http: GET " + url + ": refused the redirect from https to " + to);
      }
      var refused = allowed.refusal("extract.http.url (redirected by " + from.getHost() + " to " + to + ")",
          to.toString(), AllowedHosts.Kind.URL);
      if (refused.isPresent()) {
        throw new EtlFailure("extract.http: " + refused.get());
      }
      response = get(to);
    }
    if (response.statusCode() / 100 != 2) {
      throw new EtlFailure("extract.http: GET " + url + " answered " + response.statusCode());
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (Exception e) {
      throw new EtlFailure("extract.http: the body of " + url + " is not JSON: " + e.getMessage(), e);
    }
    return new Extraction(items(body), 0, () -> { });
  }

  /** A header value for a message: bounded, with control characters escaped (it comes from a server). */
  private static String quoted(String value) {
    String cut = value.length() > 200 ? value.substring(0, 200) + "…" : value;
    StringBuilder out = new StringBuilder("\"");
    cut.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  private HttpResponse<byte[]> get(URI uri) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new EtlFailure("extract.http: GET " + uri + " failed: " + e, e);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** The records at {@code itemsPath} (dot-separated) of {@code body}. */
  List<ObjectNode> items(JsonNode body) {
    JsonNode node = body;
    String where = "the body";
    if (itemsPath != null && !itemsPath.isBlank()) {
      for (String step : itemsPath.split("\\.")) {
        node = node == null ? null : node.get(step);
      }
      where = "itemsPath \"" + itemsPath + "\"";
    }
    if (node == null || !node.isArray()) {
      throw new EtlFailure("extract.http: " + where + " of " + url + " is not a JSON array");
    }
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!(node.get(i) instanceof ObjectNode object)) {
        throw new EtlFailure("extract.http: item " + i + " of " + where + " is not a JSON object");
      }
      records.add(object);
    }
    return records;
  }
}
