package io.tributary.api.schema;

/**
 * The start of a resource of each kind and the smallest valid parts, which the corpus cases
 * complete with the part they are about (so each case shows only what matters to it).
 */
final class ResourceSkeletons {

  static final String PIPELINE = """
      apiVersion: tributary.io/v1alpha1
      kind: Pipeline
      metadata: {name: md}
      spec:
      """;
  static final String PRODUCER = """
      apiVersion: tributary.io/v1alpha1
      kind: Producer
      metadata: {name: feed}
      spec:
        pipeline: md
      """;
  static final String WORKER = """
      apiVersion: tributary.io/v1alpha1
      kind: Worker
      metadata: {name: w}
      spec:
        pipeline: md
      """;
  static final String ETL = """
      apiVersion: tributary.io/v1alpha1
      kind: EtlSchedule
      metadata: {name: etl}
      spec:
        pipeline: md
      """;
  /** Pipeline: the required Kafka and Redis connection. */
  static final String WIRING = """
        kafka: {bootstrapServers: "kafka:9092"}
        redis: {url: "redis://redis:6379/0"}
      """;
  /** Worker: a topic input. */
  static final String TOPIC_INPUT = """
        input: {topic: {name: t}}
      """;
  /** EtlSchedule: a topic extract and a Redis hash load. */
  static final String EXTRACT_LOAD = """
        extract: {topic: {name: t}}
        load: {redisHash: {key: "k:{symbol}"}}
      """;

  private ResourceSkeletons() {
  }
}
