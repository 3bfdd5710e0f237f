package io.tributary.operator.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server's audit log (JSON lines, one event per write request once its response was sent),
 * read as the writes each user made: how tests count the operator's writes on a real server.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  /** One write request: who, which verb, on what, and the response code. */
  public record Write(String user, String verb, String resource, String subresource, String namespace, String name,
      int code, String uri) {
    @Override
    public String toString() {
      return user + " " + verb + " " + uri + " -> " + code;
    }
  }

  Path file() {
    return file;
  }

  /** A position in the log: {@link #writesSince(long)} returns only what came after it. */
  public long mark() {
    return lines().size();
  }

  /** Every write recorded so far. */
  public List<Write> writes() {
    return writesSince(0);
  }

  /** The writes recorded after {@code mark}. */
  public List<Write> writesSince(long mark) {
    List<String> lines = lines();
    List<Write> writes = new ArrayList<>();
    for (int i = (int) mark; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode event = JSON.readTree(line);
        JsonNode ref = event.path("objectRef");
        writes.add(new Write(event.path("user").path("username").asText(), event.path("verb").asText(),
            ref.path("resource").asText(), ref.path("subresource").asText(""), ref.path("namespace").asText(""),
            ref.path("name").asText(""), event.path("responseStatus").path("code").asInt(), event.path("requestURI").asText()));
      } catch (IOException e) {
        // the server may be writing this very line
      }
    }
    return writes;
  }

  /** The writes by {@code user} recorded after {@code mark}. */
  public List<Write> writesSince(long mark, String user) {
    return writesSince(mark).stream().filter(w -> w.user().equals(user)).toList();
  }

  private List<String> lines() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
  }
}
