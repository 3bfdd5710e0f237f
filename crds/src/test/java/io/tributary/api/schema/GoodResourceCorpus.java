package io.tributary.api.schema;

import static io.tributary.api.schema.ResourceSkeletons.ETL;
import static io.tributary.api.schema.ResourceSkeletons.EXTRACT_LOAD;
import static io.tributary.api.schema.ResourceSkeletons.PIPELINE;
import static io.tributary.api.schema.ResourceSkeletons.PRODUCER;
import static io.tributary.api.schema.ResourceSkeletons.TOPIC_INPUT;
import static io.tributary.api.schema.ResourceSkeletons.WIRING;
import static io.tributary.api.schema.ResourceSkeletons.WORKER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resources our CRDs accept: every document of the examples in {@code manifests/examples/} and
 * valid variants at the edge of a rule (a boundary value, the other member of an exactly-one-of,
 * a default a rule depends on). The good side of {@link BadResourceCorpus}: the Java validator
 * and the real API server must accept every one.
 */
public final class GoodResourceCorpus {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GoodResourceCorpus() {
  }

  /** Every example document, then every variant. */
  public static List<GoodResource> all() {
    List<GoodResource> all = new ArrayList<>(examples());
    all.addAll(variants());
    return all;
  }

  /** Each document of each example file, named {@code file kind/name}. */
  public static List<GoodResource> examples() {
    List<GoodResource> documents = new ArrayList<>();
    for (Path file : exampleFiles()) {
      for (JsonNode document : YamlDocuments.read(file)) {
        String name = file.getFileName() + " " + document.path("kind").asText() + "/"
            + document.path("metadata").path("name").asText();
        documents.add(new GoodResource(name, toYaml(document)));
      }
    }
    return documents;
  }

  /** Valid resources next to the bad ones: each differs from a refused case in the one point that matters. */
  public static List<GoodResource> variants() {
    return List.of(
        good("pipeline with strimzi", PIPELINE + """
              kafka: {strimzi: {cluster: c}}
              redis: {url: "redis://redis:6379/0"}
            """),
        good("strimzi authentication without secretRef (the operator makes the KafkaUsers)", PIPELINE + """
              kafka: {strimzi: {cluster: c}, authentication: {type: scram-sha-512}}
              redis: {url: "redis://redis:6379/0"}
            """),
        good("pipeline with several bootstrap servers and a redis url from a secret", PIPELINE + """
              kafka: {bootstrapServers: "kafka-0.kafka:9092,kafka-1.kafka:9092"}
              redis: {urlSecretRef: {name: redis, key: url}}
            """),
        good("pipeline with a network policy limited to peers", PIPELINE + """
              kafka: {bootstrapServers: "kafka-0.kafka:9092"}
              redis: {urlSecretRef: {name: redis, key: url}}
              networkPolicy:
                ingestFrom:
                  - namespaceSelector: {matchLabels: {team: payments}}
                    podSelector: {matchExpressions: [{key: app, operator: In, values: [checkout]}]}
                  - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
                metricsFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
                redisPort: 6380
            """),
        good("pipeline without a network policy", PIPELINE + """
              kafka: {strimzi: {cluster: c}}
              redis: {url: "redis://redis:6379/0"}
              networkPolicy: {enabled: false}
            """),
        good("scram authentication with a username", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9093", authentication: {type: scram-sha-512, secretRef: {name: u}, username: u}}
              redis: {url: "rediss://redis:6380/0"}
            """),
        good("redis tls with a CA from a Secret", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "rediss://redis:6380/0", tls: {caSecretRef: {name: redis-ca, key: ca.crt}}}
            """),
        good("redis acl users with an admin Secret", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {url: "redis://redis:6379/0", acl: {adminSecretRef: {name: redis-admin, key: password}, adminUser: ops}}
            """),
        good("redis tls beside urlSecretRef (the pod checks the scheme)", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9092"}
              redis: {urlSecretRef: {name: redis, key: url}, tls: {caSecretRef: {name: redis-ca, key: ca.crt}}}
            """),
        good("tls authentication without a username", PIPELINE + """
              kafka: {bootstrapServers: "kafka:9093", authentication: {type: tls, secretRef: {name: u}}}
              redis: {url: "redis://redis:6379/0"}
            """),
        good("a podMonitor", PIPELINE + WIRING + """
              monitoring: {podMonitor: {enabled: true, labels: {release: prom}}, prometheusRule: {enabled: false}}
            """),
        good("the deprecated serviceMonitor alone", PIPELINE + WIRING + """
              monitoring: {serviceMonitor: {enabled: false}}
            """),
        good("topics at their bounds with distinct names", PIPELINE + WIRING + """
              topics: [{name: a.b_c-1, partitions: 1, retention: 500ms}, {name: T2, partitions: 100000, retention: 7d}]
              topicDeletionPolicy: Delete
            """),
        good("a null optional field is dropped before validation", PIPELINE + WIRING + """
              topicDeletionPolicy: null
            """),
        good("producer with zero replicas and the highest fraud ratio", PRODUCER + """
              topic: t
              replicas: 0
              source: {payments: {fraudRatio: 1}}
            """),
        good("http source with its default port, open by choice", PRODUCER + """
              topic: t
              source: {http: {auth: none}}
            """),
        good("http source with the default auth (token) and its token", PRODUCER + """
              topic: t
              source: {http: {tokenSecretRef: {name: ingest-token, key: token}}}
            """),
        good("http source over HTTPS with a kubernetes.io/tls Secret", PRODUCER + """
              topic: t
              source: {http: {tokenSecretRef: {name: ingest-token, key: token}, tls: {secretRef: {name: ingest-cert}}}}
            """),
        good("http source with auth: token spelled out", PRODUCER + """
              topic: t
              source: {http: {auth: token, tokenSecretRef: {name: ingest-token, key: token}}}
            """),
        good("http source as a drop-in for the payments API, with the runtime's largest limits", PRODUCER + """
              topic: t
              source:
                http:
                  tokenSecretRef: {name: payments-api-token, key: token}
                  path: /payments/batch
                  singlePath: /payments/single
                  recordsField: payments
                  correlationIdField: correlation_id
                  healthPath: /health
                  statsPath: /stats
                  maxBodyBytes: 67108864
                  limits: {headerTimeout: 999999ms, bodyTimeout: 000001s, idleTimeout: 60s, maxConnections: 65536,
                           maxPendingRequests: 4096, maxHeaderBytes: 1048576}
            """),
        good("worker reading a redis stream", WORKER + """
              input: {redisStream: {stream: s}}
              processors: [{log: {}}]
            """),
        good("worker with one of each processor", WORKER + TOPIC_INPUT + """
              processors:
                - cacheLatest: {key: "k:{symbol}", ttl: 5m}
                - publish: {channel: c}
                - enqueue: {stream: s}
                - aggregate: {key: k, count: true}
                - aggregate: {key: k, sum: [amount]}
                - filter: {field: f, op: exists}
                - filter: {field: f, op: eq, value: "x"}
                - filter: {field: f, op: gt, value: 1.5}
                - filter: {field: f, op: ne, value: true}
                - dedupe: {key: "{id}", ttl: 1h}
                - store: {key: k}
                - log: {}
            """),
        good("filter without value (the schema cannot see value; the operator refuses it)", WORKER + TOPIC_INPUT + """
              processors: [{filter: {field: f, op: gt}}]
            """),
        good("minReplicas equal to maxReplicas", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              autoscaling: {minReplicas: 3, maxReplicas: 3, engine: keda, targetUtilization: 1}
            """),
        good("minReplicas at the default maxReplicas", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              autoscaling: {minReplicas: 10}
            """),
        good("replay from a timestamp, toEarliest false beside it", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {id: after-fix.2026-12-01, fromTimestamp: "2026-12-01T00:00:00Z", toEarliest: false}
            """),
        good("replay to the earliest offsets", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {id: r1, toEarliest: true}
            """),
        good("replay to explicit offsets", WORKER + TOPIC_INPUT + """
              processors: [{log: {}}]
              replay: {id: "7", toOffsets: {"0": 120, "3": 0}}
            """),
        good("cron with lists, ranges, steps and names", ETL + EXTRACT_LOAD + """
              schedule: "0,30 9-17/2 1-15 JAN-jun MON-5"
            """),
        good("a backfill request and the run history length", ETL + EXTRACT_LOAD + """
              schedule: "0 * * * *"
              history: {runs: 100}
              backfill: {id: nov-rerun, from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z", maxConcurrent: 10}
            """),
        good("catch-up and a watermark gate", ETL + EXTRACT_LOAD + """
              schedule: "0 * * * *"
              catchUp: {maxRuns: 100}
              waitFor: {watermark: {topic: late.events}, timeout: 15m}
            """),
        good("a gate on a worker", ETL + EXTRACT_LOAD + """
              schedule: "0 * * * *"
              waitFor: {worker: enricher, maxLag: 10}
            """),
        good("cron with question marks", ETL + EXTRACT_LOAD + """
              schedule: "59 23 ? * ?"
            """),
        good("cron macro", ETL + EXTRACT_LOAD + """
              schedule: "@midnight"
              concurrencyPolicy: Replace
            """),
        good("csv extract from a config map", ETL + """
              schedule: "@hourly"
              extract: {csv: {configMap: {name: data, key: rows.csv}}}
              load: {topic: {name: t}}
            """),
        good("http extract over https with one transform of each kind", ETL + """
              schedule: "@daily"
              extract: {http: {url: "https://example.com/x?y=1"}}
              transform:
                - filter: {field: price, op: lte, value: 10}
                - select: {fields: [a]}
                - dedupe: {fields: [a]}
                - aggregate: {groupBy: [a], count: true}
              load: {redisHash: {key: "k:{a}"}}
            """));
  }

  private static GoodResource good(String what, String yaml) {
    return new GoodResource(what, yaml);
  }

  private static List<Path> exampleFiles() {
    try (Stream<Path> files = Files.list(ProjectPaths.examples())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the examples in " + ProjectPaths.examples(), e);
    }
  }

  private static String toYaml(JsonNode document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
