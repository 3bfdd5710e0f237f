package io.tributary.api.schema;

import static io.tributary.api.schema.ResourceSkeletons.ETL;
import static io.tributary.api.schema.ResourceSkeletons.EXTRACT_LOAD;
import static io.tributary.api.schema.ResourceSkeletons.PIPELINE;
import static io.tributary.api.schema.ResourceSkeletons.PRODUCER;
import static io.tributary.api.schema.ResourceSkeletons.TOPIC_INPUT;
import static io.tributary.api.schema.ResourceSkeletons.WIRING;
import static io.tributary.api.schema.ResourceSkeletons.WORKER;

import java.util.List;

/**
 * Mistakes a user can make, each refused by our CRD schema (structure or CEL) with a message that
 * names the field, as {@code kubectl apply} shows it. The one list behind both the Java validator's
 * test ({@code io.tributary.api.BadResourcesTest}) and the real API server's
 * ({@code io.tributary.operator.kube.BadResourcesOnRealServerIT}).
 *
 * <p>Paths are the API server's ({@code spec.topics[0].name}); a message is the part of the server's
 * wording that {@link CrdSchemaValidator} reproduces, so the same case holds on both sides.
 *
 * <p>Not here: a filter without a value. {@code value} has no schema type, so no CEL rule can see it
 * (the server refuses such a CRD); the operator's runtime-config check refuses that Worker instead.
 */
public final class BadResourceCorpus {

  private BadResourceCorpus() {
  }

  /** Every case, in a stable order. */
  public static List<BadResource> all() {
    return List.of(
        bad("pipeline without redis", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
            """, "spec.redis", "Required value"),
        bad("kafka with both strimzi and bootstrapServers", PIPELINE + """
              kafka: {strimzi: {cluster: c}, bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0"}
            """, "spec.kafka", "exactly one of strimzi, bootstrapServers must be set"),
        bad("kafka with neither strimzi nor bootstrapServers", PIPELINE + """
              kafka: {}
              redis: {url: "redis://redis:6379/0"}
            """, "spec.kafka", "exactly one of strimzi, bootstrapServers must be set"),
        bad("redis with url and urlSecretRef", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0", urlSecretRef: {name: s, key: url}}
            """, "spec.redis", "exactly one of url, urlSecretRef must be set"),
        bad("redis tls with a plain-text url", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0", tls: {caSecretRef: {name: redis-ca, key: ca.crt}}}
            """, "spec.redis", "spec.redis.tls: needs a rediss:// url (redis:// is plain text)"),
        bad("http tls without secretRef", PRODUCER + """
              topic: t
              source: {http: {auth: none, tls: {}}}
            """, "spec.source.http.tls.secretRef", "Required value"),
        bad("redis tls without caSecretRef", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "rediss://redis:6379/0", tls: {}}
            """, "spec.redis.tls.caSecretRef", "Required value"),
        bad("redis acl without adminSecretRef", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0", acl: {adminUser: ops}}
            """, "spec.redis.acl.adminSecretRef", "Required value"),
        bad("redis acl admin user with a space", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0", acl: {adminSecretRef: {name: a, key: p}, adminUser: "a b"}}
            """, "spec.redis.acl.adminUser", "should match"),
        bad("podMonitor and its deprecated name serviceMonitor both set", PIPELINE + WIRING + """
              monitoring: {podMonitor: {enabled: true}, serviceMonitor: {enabled: false}}
            """, "spec.monitoring", "set podMonitor, or its deprecated name serviceMonitor, not both"),
        bad("negative partitions", PIPELINE + WIRING + """
              topics: [{name: t, partitions: -1}]
            """, "spec.topics[0].partitions", "should be greater than or equal to 1"),
        bad("bad topic name", PIPELINE + WIRING + """
              topics: [{name: "bad topic!"}]
            """, "spec.topics[0].name", "in body should match '^[a-zA-Z0-9._-]{1,249}$'"),
        bad("duplicate topic names", PIPELINE + WIRING + """
              topics: [{name: t}, {name: t}]
            """, "spec.topics", "topic names must be unique"),
        bad("bad duration", PIPELINE + WIRING + """
              topics: [{name: t, retention: 7 days}]
            """, "spec.topics[0].retention", "should match '^[0-9]+(ms|s|m|h|d)$'"),
        bad("bad enum", PIPELINE + WIRING + """
              topicDeletionPolicy: Purge
            """, "spec.topicDeletionPolicy", "Unsupported value: \"Purge\": supported values: \"Delete\", \"Retain\""),
        bad("bad bootstrap address", PIPELINE + """
              kafka: {bootstrapServers: "kafka"}
              redis: {url: "redis://redis:6379/0"}
            """, "spec.kafka.bootstrapServers", "Invalid value: \"kafka\": spec.kafka.bootstrapServers in body should match"),
        bad("authentication type unknown", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092", authentication: {type: plain, secretRef: {name: u}}}
              redis: {url: "redis://redis:6379/0"}
            """, "spec.kafka.authentication.type", "Unsupported value: \"plain\""),
        bad("unknown field", PIPELINE + WIRING + """
              topicz: [{name: t}]
            """, "spec.topicz", "unknown field \"spec.topicz\""),
        bad("producer without source", PRODUCER + """
              topic: t
            """, "spec.source", "Required value"),
        bad("producer with two sources", PRODUCER + """
              topic: t
              source: {marketData: {symbols: [AAPL]}, calls: {}}
            """, "spec.source", "exactly one of marketData, payments, calls, http must be set"),
        bad("fraud ratio above 1", PRODUCER + """
              topic: t
              source: {payments: {fraudRatio: 1.5}}
            """, "spec.source.payments.fraudRatio", "should be less than or equal to 1"),
        bad("negative producer replicas", PRODUCER + """
              topic: t
              replicas: -2
              source: {marketData: {symbols: [AAPL]}}
            """, "spec.replicas", "should be greater than or equal to 0"),
        bad("pipeline reference that is no name", PRODUCER.replace("pipeline: md", "pipeline: Market_Data") + """
              topic: t
              source: {marketData: {symbols: [AAPL]}}
            """, "spec.pipeline", "should match"),
        bad("worker input with topic and redisStream", WORKER + """
              input: {topic: {name: t}, redisStream: {stream: s}}
              processors: [{log: {}}]
            """, "spec.input", "exactly one of topic, redisStream must be set"),
        bad("worker without processors", WORKER + TOPIC_INPUT + """
              processors: []
            """, "spec.processors", "should have at least 1 items"),
        bad("unknown processor key", WORKER + TOPIC_INPUT + """
              processors: [{cache: {key: k}}]
            """, "spec.processors[0].cache", "unknown field \"spec.processors[0].cache\""),
        bad("processor item with two keys", WORKER + TOPIC_INPUT + """
              processors: [{log: {}, publish: {channel: c}}]
            """, "spec.processors[0]", "exactly one of cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin must be set"),
        bad("empty processor item", WORKER + TOPIC_INPUT + """
              processors: [{}]
            """, "spec.processors[0]", "processor: exactly one of"),
        bad("cacheLatest without key", WORKER + TOPIC_INPUT + """
              processors: [{cacheLatest: {ttl: 5m}}]
            """, "spec.processors[0].cacheLatest.key", "Required value"),
        bad("cacheLatest with bad ttl", WORKER + TOPIC_INPUT + """
              processors: [{cacheLatest: {key: k, ttl: 5min}}]
            """, "spec.processors[0].cacheLatest.ttl", "should match '^[0-9]+(ms|s|m|h|d)$'"),
        bad("filter with unknown operator", WORKER + TOPIC_INPUT + """
              processors: [{filter: {field: f, op: between, value: 1}}]
            """, "spec.processors[0].filter.op", "Unsupported value: \"between\""),
        bad("aggregate with nothing to aggregate", WORKER + TOPIC_INPUT + """
              processors: [{aggregate: {key: k}}]
            """, "spec.processors[0].aggregate", "aggregate: set count: true or list at least one sum field"),
        bad("minReplicas above maxReplicas", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              autoscaling: {minReplicas: 5, maxReplicas: 2}
            """, "spec.autoscaling", "autoscaling: minReplicas must not exceed maxReplicas"),
        bad("minReplicas above the default maxReplicas", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              autoscaling: {minReplicas: 11}
            """, "spec.autoscaling", "autoscaling: minReplicas must not exceed maxReplicas"),
        bad("targetUtilization of zero", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              autoscaling: {targetUtilization: 0}
            """, "spec.autoscaling.targetUtilization", "should be greater than 0"),
        bad("unknown autoscaling engine", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              autoscaling: {engine: hpa}
            """, "spec.autoscaling.engine", "Unsupported value: \"hpa\": supported values: \"builtin\", \"keda\""),
        bad("replicas given as a string", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replicas: "3"
            """, "spec.replicas", "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""),
        bad("replay with both fromTimestamp and toEarliest", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {id: r1, fromTimestamp: "2026-12-01T00:00:00Z", toEarliest: true}
            """, "spec.replay", "spec.replay: exactly one of fromTimestamp, toEarliest: true, toOffsets must be set"),
        bad("replay with an id and nothing to rewind to", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {id: r1, toEarliest: false}
            """, "spec.replay", "spec.replay: exactly one of fromTimestamp, toEarliest: true, toOffsets must be set"),
        bad("replay without id", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {toEarliest: true}
            """, "spec.replay.id", "Required value"),
        bad("replay id that is no name", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {id: "after fix", toEarliest: true}
            """, "spec.replay.id", "should match"),
        bad("cron with four fields", ETL + EXTRACT_LOAD + """
              schedule: "*/15 * * *"
            """, "spec.schedule", "should match"),
        bad("cron minute out of range", ETL + EXTRACT_LOAD + """
              schedule: "61 * * * *"
            """, "spec.schedule", "should match"),
        bad("cron macro that does not exist", ETL + EXTRACT_LOAD + """
              schedule: "@fortnightly"
            """, "spec.schedule", "should match"),
        bad("extract with topic and http", ETL + """
              schedule: "@hourly"
              extract: {topic: {name: t}, http: {url: "https://x"}}
              load: {redisHash: {key: k}}
            """, "spec.extract", "exactly one of topic, http, csv must be set"),
        bad("csv extract with neither configMap nor url", ETL + """
              schedule: "@hourly"
              extract: {csv: {}}
              load: {redisHash: {key: k}}
            """, "spec.extract.csv", "exactly one of configMap, url must be set"),
        bad("load with no member", ETL + """
              schedule: "@hourly"
              extract: {topic: {name: t}}
              load: {}
            """, "spec.load", "exactly one of redisHash, topic must be set"),
        bad("transform item with two keys", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              transform: [{select: {fields: [a]}, dedupe: {fields: [a]}}]
            """, "spec.transform[0]", "transform: exactly one of filter, select, dedupe, aggregate must be set"),
        bad("backfill without an id", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              backfill: {from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z"}
            """, "spec.backfill.id", "Required value"),
        bad("backfill with too many runs at a time", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              backfill: {id: b, from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z", maxConcurrent: 11}
            """, "spec.backfill.maxConcurrent", "should be less than or equal to 10"),
        bad("waitFor with neither worker nor watermark", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              waitFor: {timeout: 5m}
            """, "spec.waitFor", "exactly one of worker, watermark must be set"),
        bad("waitFor with both worker and watermark", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              waitFor: {worker: w, watermark: {topic: t}}
            """, "spec.waitFor", "exactly one of worker, watermark must be set"),
        bad("catch-up of more than 100 runs", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              catchUp: {maxRuns: 101}
            """, "spec.catchUp.maxRuns", "should be less than or equal to 100"),
        bad("a run history longer than 100", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              history: {runs: 101}
            """, "spec.history.runs", "should be less than or equal to 100"),
        bad("bad concurrency policy", ETL + EXTRACT_LOAD + """
              schedule: "@daily"
              concurrencyPolicy: Sometimes
            """, "spec.concurrencyPolicy", "supported values: \"Allow\", \"Forbid\", \"Replace\""),
        bad("http extract with a non-http url", ETL + """
              schedule: "@daily"
              extract: {http: {url: "ftp://example.com/x"}}
              load: {redisHash: {key: k}}
            """, "spec.extract.http.url", "should match"),
        bad("http source on the metrics port", PRODUCER + """
              topic: t
              source: {http: {auth: none, port: 9404}}
            """, "spec.source.http", "source.http.port: 9404 is the metrics port"),
        bad("http source with a body limit no runtime takes", PRODUCER + """
              topic: t
              source: {http: {auth: none, maxBodyBytes: 2147483647}}
            """, "spec.source.http.maxBodyBytes", "should be less than or equal to 67108864"),
        bad("http source with more pending requests than the runtime takes", PRODUCER + """
              topic: t
              source: {http: {auth: none, limits: {maxPendingRequests: 5000}}}
            """, "spec.source.http.limits.maxPendingRequests", "should be less than or equal to 4096"),
        bad("http source with too many connections", PRODUCER + """
              topic: t
              source: {http: {auth: none, limits: {maxConnections: 65537}}}
            """, "spec.source.http.limits.maxConnections", "should be less than or equal to 65536"),
        bad("http source with tiny header limit", PRODUCER + """
              topic: t
              source: {http: {auth: none, limits: {maxHeaderBytes: 100}}}
            """, "spec.source.http.limits.maxHeaderBytes", "should be greater than or equal to 1024"),
        bad("http source with a zero header timeout", PRODUCER + """
              topic: t
              source: {http: {auth: none, limits: {headerTimeout: 0s}}}
            """, "spec.source.http.limits.headerTimeout", "should match"),
        bad("http source with an idle timeout that overflows", PRODUCER + """
              topic: t
              source: {http: {auth: none, limits: {idleTimeout: 9999999d}}}
            """, "spec.source.http.limits.idleTimeout", "should match"),
        bad("http source with the single path on the batch path", PRODUCER + """
              topic: t
              source: {http: {auth: none, path: /payments, singlePath: /payments}}
            """, "spec.source.http", "source.http: path, singlePath, healthPath and statsPath must be different paths"),
        bad("http source with the batch path on the default health path", PRODUCER + """
              topic: t
              source: {http: {auth: none, path: /health}}
            """, "spec.source.http", "source.http: path, singlePath, healthPath and statsPath must be different paths"),
        bad("http source with a query in its path", PRODUCER + """
              topic: t
              source: {http: {auth: none, singlePath: "/payments?single=1"}}
            """, "spec.source.http.singlePath", "should match"),
        bad("http source with the correlation id in the records field", PRODUCER + """
              topic: t
              source: {http: {auth: none, recordsField: payments, correlationIdField: payments}}
            """, "spec.source.http", "source.http.correlationIdField: must not be the recordsField"),
        bad("http source without a token and without auth: none", PRODUCER + """
              topic: t
              source: {http: {port: 8080}}
            """, "spec.source.http.tokenSecretRef",
            "spec.source.http.tokenSecretRef: required with auth: token (the default)"),
        bad("http source with auth: token and no token", PRODUCER + """
              topic: t
              source: {http: {auth: token}}
            """, "spec.source.http.tokenSecretRef",
            "spec.source.http.tokenSecretRef: required with auth: token (the default)"),
        bad("http source with auth: none and a token", PRODUCER + """
              topic: t
              source: {http: {auth: none, tokenSecretRef: {name: ingest-token, key: token}}}
            """, "spec.source.http.tokenSecretRef",
            "spec.source.http.tokenSecretRef: must not be set with auth: none (ambiguous)"),
        bad("http source with an unknown auth", PRODUCER + """
              topic: t
              source: {http: {auth: basic, tokenSecretRef: {name: ingest-token, key: token}}}
            """, "spec.source.http.auth", "supported values: \"none\", \"token\""),
        bad("network policy peer with an ipBlock and a selector", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0"}
              networkPolicy:
                ingestFrom: [{ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {}}]
            """, "spec.networkPolicy.ingestFrom[0]", "networkPolicy peer: either ipBlock, or namespaceSelector and/or podSelector"),
        bad("network policy peer that names nobody", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0"}
              networkPolicy:
                metricsFrom: [{}]
            """, "spec.networkPolicy.metricsFrom[0]", "networkPolicy peer: either ipBlock, or namespaceSelector and/or podSelector"),
        bad("network policy with a redis port out of range", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0"}
              networkPolicy: {redisPort: 70000}
            """, "spec.networkPolicy.redisPort", "should be less than or equal to 65535"),
        bad("plain kafka authentication without secretRef", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092", authentication: {type: scram-sha-512}}
              redis: {url: "redis://redis:6379/0"}
            """, "spec.kafka", "authentication.secretRef is required with bootstrapServers"),
        bad("tls authentication with a username", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9093", authentication: {type: tls, secretRef: {name: u}, username: u}}
              redis: {url: "redis://redis:6379/0"}
            """, "spec.kafka.authentication", "authentication.username is only used with type scram-sha-512"));
  }

  private static BadResource bad(String what, String yaml, String path, String message) {
    return new BadResource(what, yaml, path, message);
  }
}
