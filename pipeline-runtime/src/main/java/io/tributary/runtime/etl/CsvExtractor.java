package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file with a header line (RFC 4180: quoted fields, doubled quotes, commas and line breaks
 * inside quotes); each line becomes a record of text values named by the header.
 */
final class CsvExtractor implements Extractor {
  private final String url;
  private final Path path;

  /** Exactly one of {@code url} and {@code path}. */
  CsvExtractor(String url, Path path) {
    this.url = url;
    this.path = path;
  }

  @Override
  public Extraction extract() throws Exception {
    return new Extraction(parse(read()), 0, () -> { });
  }

  private String read() throws Exception {
    if (path != null) {
      try {
        return Files.readString(path);
      } catch (java.io.IOException e) {
        throw new EtlFailure("extract.csv: cannot read " + path + ": " + e, e);
      }
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new EtlFailure("extract.csv: GET " + url + " failed: " + e, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new EtlFailure("extract.csv: GET " + url + " answered " + response.statusCode());
    }
    return response.body();
  }

  static List<ObjectNode> parse(String text) {
    List<List<String>> rows = rows(text);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> header = rows.get(0);
    List<ObjectNode> records = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // blank line
      }
      if (row.size() != header.size()) {
        throw new EtlFailure("extract.csv: line " + (r + 1) + " has " + row.size() + " fields, the header has "
            + header.size());
      }
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      for (int c = 0; c < header.size(); c++) {
        record.put(header.get(c), row.get(c));
      }
      records.add(record);
    }
    return records;
  }

  private static List<List<String>> rows(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        any = false;
      } else {
        field.append(c);
      }
    }
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
