package io.tributary.runtime.producer;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of an ingest request: the client's {@code X-Correlation-ID} when it sent
 * exactly one usable value, else a new UUID. Usable is 1 to 128 characters of
 * {@code A-Z a-z 0-9 . _ : @ / + = -}: the id goes into log lines, a Kafka header and the answer,
 * so nothing that could forge a log field or a header gets through. Several different values
 * (the header repeated, or a comma list) name no one request, so they are replaced too. The
 * answer echoes the id used, which is how the client learns a replacement.
 */
final class CorrelationIds {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

  private CorrelationIds() {}

  /** @param values every value of the header as received, possibly none */
  static String of(List<String> values) {
    String chosen = null;
    for (String value : values) {
      String trimmed = value.trim();
      if (!SAFE.matcher(trimmed).matches() || (chosen != null && !chosen.equals(trimmed))) {
        return UUID.randomUUID().toString();
      }
      chosen = trimmed;
    }
    return chosen != null ? chosen : UUID.randomUUID().toString();
  }
}
