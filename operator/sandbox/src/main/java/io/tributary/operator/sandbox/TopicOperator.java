package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Strimzi's topic operator for the sandbox: every {@code KafkaTopic}
 * ({@code kafka.strimzi.io/v1} and {@code v1beta2}) in the API becomes a topic in the embedded
 * broker ({@code spec.topicName} or the object's name, {@code spec.partitions}, {@code spec.config};
 * replicas are 1 on a single broker) and gets {@code status.conditions Ready=True}. A deleted
 * KafkaTopic deletes its topic unless it is annotated {@code strimzi.io/managed: "false"}.
 */
final class TopicOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicOperator.class);
  private static final List<String> VERSIONS = List.of("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2");

  private final KubernetesClient client;
  private final Admin admin;
  private final Map<String, String> topicsByUid = new ConcurrentHashMap<>();
  private final Set<String> unmanaged = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-topic-operator");
    thread.setDaemon(true);
    return thread;
  });

  TopicOperator(KubernetesClient client, Admin admin) {
    this.client = client;
    this.admin = admin;
  }

  TopicOperator start() {
    loop.scheduleWithFixedDelay(this::syncSafely, 0, 1, TimeUnit.SECONDS);
    return this;
  }

  private void syncSafely() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("topic sync failed: {}", e.getMessage());
    }
  }

  void sync() {
    Set<String> seen = new java.util.HashSet<>();
    for (String apiVersion : VERSIONS) {
      List<GenericKubernetesResource> topics;
      try {
        topics = client.genericKubernetesResources(apiVersion, "KafkaTopic").inAnyNamespace().list().getItems();
      } catch (KubernetesClientException e) {
        continue;
      }
      for (GenericKubernetesResource topic : topics) {
        seen.add(topic.getMetadata().getUid());
        reconcile(apiVersion, topic);
      }
    }
    for (String uid : Set.copyOf(topicsByUid.keySet())) {
      if (!seen.contains(uid)) {
        String name = topicsByUid.remove(uid);
        if (!unmanaged.remove(uid)) {
          deleteTopic(name);
        }
      }
    }
  }

  private void reconcile(String apiVersion, GenericKubernetesResource topic) {
    Map<String, Object> spec = map(topic.getAdditionalProperties().get("spec"));
    String name = spec.get("topicName") instanceof String s && !s.isBlank() ? s : topic.getMetadata().getName();
    int partitions = spec.get("partitions") instanceof Number n ? n.intValue() : 1;
    Map<String, String> config = map(spec.get("config")).entrySet().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    String uid = topic.getMetadata().getUid();
    topicsByUid.put(uid, name);
    if ("false".equals(topic.getMetadata().getAnnotations() == null ? null
        : topic.getMetadata().getAnnotations().get("strimzi.io/managed"))) {
      unmanaged.add(uid);
    } else {
      unmanaged.remove(uid);
    }
    Map<String, Object> status = map(topic.getAdditionalProperties().get("status"));
    Long generation = topic.getMetadata().getGeneration();
    if (Objects.equals(number(status.get("observedGeneration")), generation) && isReady(status)) {
      return;
    }
    String problem = ensureTopic(name, partitions, config);
    writeStatus(apiVersion, topic, name, generation, problem);
  }

  private String ensureTopic(String name, int partitions, Map<String, String> config) {
    try {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config))).all().get(30, TimeUnit.SECONDS);
        LOG.info("created topic {} ({} partitions)", name, partitions);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        int current = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS)
            .get(name).partitions().size();
        if (current < partitions) {
          admin.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions))).all().get(30, TimeUnit.SECONDS);
        }
      }
      return null;
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  private void writeStatus(String apiVersion, GenericKubernetesResource topic, String name, Long generation, String problem) {
    Map<String, Object> condition = new HashMap<>();
    condition.put("type", "Ready");
    condition.put("status", problem == null ? "True" : "False");
    condition.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (problem != null) {
      condition.put("reason", "KafkaError");
      condition.put("message", problem);
    }
    Map<String, Object> status = new HashMap<>();
    status.put("conditions", List.of(condition));
    status.put("observedGeneration", generation);
    status.put("topicName", name);
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(topic.getApiVersion());
    copy.setKind(topic.getKind());
    copy.setMetadata(topic.getMetadata());
    copy.getMetadata().setResourceVersion(null);
    copy.setAdditionalProperties(new HashMap<>(topic.getAdditionalProperties()));
    copy.getAdditionalProperties().put("status", status);
    client.genericKubernetesResources(apiVersion, "KafkaTopic").inNamespace(topic.getMetadata().getNamespace())
        .resource(copy).updateStatus();
  }

  private void deleteTopic(String name) {
    try {
      admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
      LOG.info("deleted topic {} (its KafkaTopic was deleted)", name);
    } catch (Exception e) {
      LOG.warn("cannot delete topic {}: {}", name, e.getMessage());
    }
  }

  private static boolean isReady(Map<String, Object> status) {
    Object conditions = status.get("conditions");
    return conditions instanceof List<?> list && list.stream().map(TopicOperator::map)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close();
  }
}
