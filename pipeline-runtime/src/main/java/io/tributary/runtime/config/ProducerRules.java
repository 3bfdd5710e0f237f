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
    // every path of the port answers one thing: the same path twice would hide one of them
    java.util.Map<String, String> paths = new java.util.LinkedHashMap<>();
    for (String field : List.of("path", "singlePath", "healthPath", "statsPath")) {
      String value = http.text(field, false);
      if (value == null) {
        value = switch (field) {
          case "path" -> SourceConfig.Http.DEFAULT_PATH;
          case "healthPath" -> SourceConfig.Http.DEFAULT_HEALTH_PATH;
          case "statsPath" -> SourceConfig.Http.DEFAULT_STATS_PATH;
          default -> null;
        };
        if (value == null) {
          continue;
        }
      } else if (!value.startsWith("/")) {
        http.problem(field, "\"" + value + "\" does not start with /");
        continue;
      } else if (value.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
        http.problem(field, "\"" + value + "\" has a space, ? or #: a request's path is matched without its query");
        continue;
      } else if (value.length() > SourceConfig.Http.MAX_PATH_LENGTH) {
        http.problem(field, "is longer than " + SourceConfig.Http.MAX_PATH_LENGTH + " characters");
        continue;
      }
      String other = paths.putIfAbsent(value, field);
      if (other != null) {
        // said on the field that was written, naming the other (a default is not what to change)
        String blamed = http.has(field) ? field : other;
        String named = blamed.equals(field) ? other : field;
        http.problem(blamed, "\"" + value + "\" is also " + named + (http.has(named) ? "" : " (its default)")
            + "; each path answers one thing");
      }
    }
    String recordsField = http.text("recordsField", false);
    String correlationIdField = http.text("correlationIdField", false);
    for (String field : List.of("recordsField", "correlationIdField")) {
      String name = field.equals("recordsField") ? recordsField : correlationIdField;
      if (name != null && name.length() > SourceConfig.Http.MAX_FIELD_NAME_LENGTH) {
        http.problem(field, "is longer than " + SourceConfig.Http.MAX_FIELD_NAME_LENGTH + " characters");
      }
    }
    String records = recordsField == null ? SourceConfig.Http.DEFAULT_RECORDS_FIELD : recordsField;
    if (records.equals(correlationIdField)) {
      http.problem("correlationIdField", "\"" + correlationIdField + "\" is also recordsField"
          + (recordsField == null ? " (its default)" : "") + "; the list of records and the correlation id need two fields");
    }
    http.integer("maxBatch", false, 1, Integer.MAX_VALUE);
    http.integer("maxBodyBytes", false, 1, SourceConfig.Http.MAX_MAX_BODY_BYTES);
    ObjectCheck limits = http.object("limits", false);
    if (limits != null) {
      for (String timeout : List.of("headerTimeout", "bodyTimeout", "idleTimeout")) {
        String value = limits.duration(timeout, false, true);
        if (value != null && Long.parseLong(value.trim().replaceAll("[a-z]+$", "")) > HttpLimits.MAX_TIMEOUT_AMOUNT) {
          limits.problem(timeout, "\"" + value + "\" is too long: at most " + HttpLimits.MAX_TIMEOUT_AMOUNT
              + " of its unit (e.g. 999999s)");
        }
      }
      limits.integer("maxConnections", false, 1, HttpLimits.MAX_MAX_CONNECTIONS);
      limits.integer("maxPendingRequests", false, 1, HttpLimits.MAX_MAX_PENDING_REQUESTS);
      limits.integer("maxHeaderBytes", false, 1024, HttpLimits.MAX_MAX_HEADER_BYTES);
      limits.finish();
    }
    ObjectCheck tls = http.object("tls", false);
    if (tls != null) {
      tls.text("certFile", true);
      tls.text("keyFile", true);
      tls.finish();
    }
    ObjectCheck token = http.object("tokenSecretRef", false);
    if (token != null) {
      token.text("name", true);
      token.text("key", true);
      token.finish();
    }
  }
}
