package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Printer columns for the built-in kinds the sandbox runs, written like a CRD's
 * {@code additionalPrinterColumns} so {@link ServerSideTable} can print them: close to what a
 * real API server shows (a pod's READY is its Ready condition here, not "1/1").
 */
final class BuiltInColumns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String[][]> COLUMNS = Map.of(
      "v1/pods", new String[][] {
          {"Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"},
          {"Status", "string", ".status.phase"},
          {"Restarts", "integer", ".status.containerStatuses[*].restartCount"},
          {"Age", "date", ".metadata.creationTimestamp"}},
      "apps/v1/deployments", new String[][] {
          {"Replicas", "integer", ".spec.replicas"},
          {"Ready", "integer", ".status.readyReplicas"},
          {"Up-to-date", "integer", ".status.updatedReplicas"},
          {"Available", "integer", ".status.availableReplicas"},
          {"Age", "date", ".metadata.creationTimestamp"}},
      "batch/v1/jobs", new String[][] {
          {"Succeeded", "integer", ".status.succeeded"},
          {"Failed", "integer", ".status.failed"},
          {"Age", "date", ".metadata.creationTimestamp"}},
      "batch/v1/cronjobs", new String[][] {
          {"Schedule", "string", ".spec.schedule"},
          {"Suspend", "boolean", ".spec.suspend"},
          {"Last Schedule", "date", ".status.lastScheduleTime"},
          {"Age", "date", ".metadata.creationTimestamp"}},
      "v1/events", new String[][] {
          {"Type", "string", ".type"},
          {"Reason", "string", ".reason"},
          {"Object", "string", ".involvedObject.name"},
          {"Message", "string", ".message"}});

  private BuiltInColumns() {}

  /** A CRD-version-shaped node with the columns of {@code groupVersion/plural}, if known. */
  static Optional<JsonNode> of(String groupVersion, String plural) {
    String[][] columns = COLUMNS.get(groupVersion + "/" + plural);
    if (columns == null) {
      return Optional.empty();
    }
    ObjectNode version = JSON.createObjectNode();
    ArrayNode list = version.putArray("additionalPrinterColumns");
    for (String[] column : columns) {
      list.addObject().put("name", column[0]).put("type", column[1]).put("jsonPath", column[2]);
    }
    return Optional.of(version);
  }
}
