package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one-line JSON summary of a run, {@code {"result","records","durationSeconds","message"}},
 * as the Job's termination message; the operator copies it into {@code status.lastRun}.
 *
 * @param result {@code Succeeded} or {@code Failed}
 * @param records records loaded
 */
public record EtlSummary(String result, long records, double durationSeconds, String message) {
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  /** Kubernetes keeps at most 4096 bytes of a termination message. */
  private static final int MAX_MESSAGE_CHARS = 1500;
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("result", result);
    node.put("records", records);
    node.put("durationSeconds", Math.round(durationSeconds * 1000) / 1000.0);
    node.put("message", message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message);
    return node.toString();
  }

  /** Writes the summary line to {@code path}. */
  void writeTo(Path path) throws IOException {
    Files.writeString(path, toJson() + "\n");
  }
}
