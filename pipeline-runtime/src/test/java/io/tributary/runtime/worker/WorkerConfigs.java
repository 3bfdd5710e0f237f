package io.tributary.runtime.worker;

/** Runtime configuration documents for worker tests. */
final class WorkerConfigs {
  private WorkerConfigs() {}

  static String topicWorker(String component, String bootstrap, String redisUrl, String topic,
      String processors, String errorPolicy) {
    return worker(component, bootstrap, redisUrl, "{\"topic\": {\"name\": \"" + topic + "\"}}", processors, errorPolicy);
  }

  static String worker(String component, String bootstrap, String redisUrl, String input, String processors,
      String errorPolicy) {
    return """
        {"pipeline": "test", "component": "%s", "role": "worker",
         "kafka": {"bootstrapServers": "%s"},
         "redis": {"url": "%s"},
         "deadLetterTopic": "%s.dlq",
         "worker": {"input": %s, "processors": %s, "errorPolicy": %s}}
        """.formatted(component, bootstrap, redisUrl, component, input, processors,
        errorPolicy == null ? "{}" : errorPolicy);
  }
}
