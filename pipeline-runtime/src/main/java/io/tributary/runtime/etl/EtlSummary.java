package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one-line JSON summary of a run, as the Job's termination message:
 * {@code {"result","records","durationSeconds","message","extracted","rejected","attempts",
 * "dataIntervalStart","dataIntervalEnd"}}; the operator copies it into {@code status.lastRun}
 * and {@code status.recentRuns}.
 *
 * @param result {@code Succeeded} or {@code Failed}
 * @param records records loaded
 * @param stages the last try's extracted and rejected counts; null when no try got that far
 * @param attempts tries made, retries included
 * @param interval the data interval the run covered, or null
 */
public record EtlSummary(String result, long records, double durationSeconds, String message, Stages stages,
    int attempts, DataInterval interval) {
  /** Records the extract read, and those refused by it or by the transforms. */
  public record Stages(long extracted, long rejected) {}

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
    if (stages != null) {
      node.put("extracted", stages.extracted());
      node.put("rejected", stages.rejected());
    }
    node.put("attempts", attempts);
    if (interval != null) {
      node.put("dataIntervalStart", interval.start().toString());
      node.put("dataIntervalEnd", interval.end().toString());
    }
    return node.toString();
  }

  /** Writes the summary line to {@code path}. */
  void writeTo(Path path) throws IOException {
    Files.writeString(path, toJson() + "\n");
  }
}
