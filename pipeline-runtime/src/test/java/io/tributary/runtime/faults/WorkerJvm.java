package io.tributary.runtime.faults;

import io.tributary.runtime.config.HostOverrides;
import io.tributary.runtime.embedded.SupervisedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The runtime's worker role in its own JVM ({@code io.tributary.runtime.Main worker <config>}), as
 * a pod runs it, under {@link SupervisedProcess} so that it cannot outlive the test JVM. (The shared
 * {@code RuntimeProcess} starts the same command without that lifeline; a worker left behind by a
 * killed test run would retry a gone cluster forever on a shared machine.)
 */
final class WorkerJvm {
  private WorkerJvm() {}

  /** Writes {@code configJson} to {@code dir/<name>.json} and starts the worker on it, ops server on a free port. */
  static SupervisedProcess start(String name, String configJson, Path dir) throws IOException {
    Path config = dir.resolve(name + ".json");
    Files.writeString(config, configJson);
    return ChildJvm.start(name, "320m", "io.tributary.runtime.Main", List.of("worker", config.toString()),
        Map.of(HostOverrides.METRICS_PORT, "0", HostOverrides.METRICS_BIND, "127.0.0.1"),
        dir.resolve(name + ".log"));
  }

  /**
   * A worker of pipeline {@code faults} reading {@code topic} whose only processor is {@code
   * aggregate}: count and sum of {@code amount} per account in the hash {@code <component>:agg:<account>}.
   * Poison records get two quick attempts, then the dead-letter topic {@code <component>.dlq}.
   */
  static String aggregateConfig(String component, String bootstrap, String redisUrl, String topic) {
    return """
        {"pipeline": "faults", "component": "%s", "role": "worker",
         "kafka": {"bootstrapServers": "%s"},
         "redis": {"url": "%s"},
         "deadLetterTopic": "%s.dlq",
         "worker": {"input": {"topic": {"name": "%s"}},
                    "processors": [{"aggregate": {"key": "%s:agg:{account}", "count": true, "sum": ["amount"]}}],
                    "errorPolicy": {"maxAttempts": 2, "deadLetter": true,
                                    "backoff": {"initial": "50ms", "multiplier": 2, "max": "200ms"}}}}
        """.formatted(component, bootstrap, redisUrl, component, topic, component);
  }

  /** The consumer group of such a worker: {@code <pipeline>.<component>}. */
  static String group(String component) {
    return "faults." + component;
  }
}
