package io.tributary.operator.sandbox.node;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** Logs a problem of an object once, not on every sync, until the message changes or it clears. */
final class OnceLogger {
  private final Logger log;
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  OnceLogger(Logger log) {
    this.log = log;
  }

  void warn(String key, Throwable problem) {
    String message = String.valueOf(problem.getMessage());
    if (!Objects.equals(reported.put(key, message), message)) {
      log.warn("{}: {}", key, message, problem);
    }
  }

  void clear(String key) {
    reported.remove(key);
  }
}
