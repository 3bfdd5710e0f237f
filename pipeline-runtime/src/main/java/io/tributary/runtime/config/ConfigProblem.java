package io.tributary.runtime.config;

import java.util.Objects;

/**
 * One thing wrong with a runtime configuration.
 *
 * @param path JSON path of the offending value, e.g. {@code worker.processors[2].cacheLatest.ttl};
 *     {@code $} for the document itself
 * @param message what is wrong, naming the bad value where there is one
 */
public record ConfigProblem(String path, String message) {
  public static final String ROOT = "$";

  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The same problem with its path moved under another prefix. The sections {@code producer},
   * {@code worker} and {@code etl} have the field names of the Producer, Worker and EtlSchedule
   * CR specs, so {@code rebase("worker", "spec")} turns {@code worker.processors[2].cacheLatest.ttl}
   * into {@code spec.processors[2].cacheLatest.ttl}. Paths outside {@code fromPrefix} stay as they are.
   */
  public ConfigProblem rebase(String fromPrefix, String toPrefix) {
    if (path.equals(fromPrefix)) {
      return new ConfigProblem(toPrefix, message);
    }
    if (path.startsWith(fromPrefix + ".") || path.startsWith(fromPrefix + "[")) {
      return new ConfigProblem(toPrefix + path.substring(fromPrefix.length()), message);
    }
    return this;
  }

  /** {@code path: message}, the line {@code validate} prints. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
