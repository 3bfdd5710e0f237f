package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@link DataInterval} (ISO-8601 instants).
 */
final class HttpExtractor implements Extractor {
  private static final ObjectMapper JSON = io.tributary.runtime.config.RecordNumbers.recordMapper();

  private final String url;
  private final String itemsPath;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  HttpExtractor(String url, String itemsPath, java.util.Optional<DataInterval> interval) {
    this.url = DataInterval.substitute(url, interval);
    this.itemsPath = itemsPath;
  }

  @Override
  public Extraction extract() throws Exception {
    HttpResponse<byte[]> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new EtlFailure("extract.http: GET " + url + " failed: " + e, e);
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
