package io.tributary.runtime.config;

import java.util.List;

/** Validation of the {@code producer} section. */
final class ProducerRules {
  static final List<String> SOURCES = List.of("marketData", "payments", "calls", "http");
  private static final java.util.Map<String, List<String>> GENERATED_FIELDS = java.util.Map.of(
      "marketData", SourceConfig.MarketData.FIELDS,
      "payments", SourceConfig.Payments.FIELDS,
      "calls", SourceConfig.Calls.FIELDS);

  private ProducerRules() {}

  static void check(ObjectCheck producer, long metricsPort) {
    producer.topicName("topic", true);
    String key = producer.text("key", false);
    ObjectCheck source = producer.object("source", true);
    if (source != null) {
      List<String> kinds = source.union("source", SOURCES);
      if (key != null && kinds.size() == 1 && GENERATED_FIELDS.containsKey(kinds.get(0))) {
        List<String> fields = GENERATED_FIELDS.get(kinds.get(0));
        if (!fields.contains(key)) {
          producer.problem("key", "\"" + key + "\" is not a field of " + kinds.get(0)
              + " records (" + String.join(", ", fields) + ")");
        }
      }
      for (String kind : kinds) {
        ObjectCheck member = source.object(kind, true);
        if (member != null) {
          checkSource(kind, member, metricsPort);
          member.finish();
        }
      }
    }
    producer.finish();
  }

  private static void checkSource(String kind, ObjectCheck source, long metricsPort) {
    switch (kind) {
      case "marketData":
        source.texts("symbols", true, true);
        source.integer("intervalMs", false, 1, Long.MAX_VALUE);
        source.integer("seed", false, Long.MIN_VALUE, Long.MAX_VALUE);
        break;
      case "payments":
        source.number("ratePerSecond", true, 0, true, Double.MAX_VALUE);
        source.number("fraudRatio", false, 0, false, 1);
        source.integer("seed", false, Long.MIN_VALUE, Long.MAX_VALUE);
        break;
      case "calls":
        source.number("callsPerMinute", true, 0, true, Double.MAX_VALUE);
        source.number("meanDurationSeconds", false, 0, true, Double.MAX_VALUE);
        source.integer("seed", false, Long.MIN_VALUE, Long.MAX_VALUE);
        break;
      default:
        checkHttp(source, metricsPort);
    }
  }

  private static void checkHttp(ObjectCheck http, long metricsPort) {
    Long port = http.integer("port", false, 1, 65535);
    if (port != null && port == metricsPort) {
      http.problem("port", port + " is the metrics port; choose another");
    }
    String path = http.text("path", false);
    if (path != null && !path.startsWith("/")) {
      http.problem("path", "\"" + path + "\" does not start with /");
    }
    http.integer("maxBatch", false, 1, Integer.MAX_VALUE);
    http.integer("maxBodyBytes", false, 1, SourceConfig.Http.MAX_MAX_BODY_BYTES);
    ObjectCheck limits = http.object("limits", false);
    if (limits != null) {
      limits.duration("headerTimeout", false, true);
      limits.duration("bodyTimeout", false, true);
      limits.duration("idleTimeout", false, true);
      limits.integer("maxConnections", false, 1, HttpLimits.MAX_MAX_CONNECTIONS);
      limits.integer("maxPendingRequests", false, 1, HttpLimits.MAX_MAX_PENDING_REQUESTS);
      limits.integer("maxHeaderBytes", false, 1024, HttpLimits.MAX_MAX_HEADER_BYTES);
      limits.finish();
    }
    ObjectCheck token = http.object("tokenSecretRef", false);
    if (token != null) {
      token.text("name", true);
      token.text("key", true);
      token.finish();
    }
  }
}
