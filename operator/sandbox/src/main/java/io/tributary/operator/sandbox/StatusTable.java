package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.operator.sandbox.node.LocalNode;
import io.tributary.operator.sandbox.node.LocalPod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The sandbox's live table: each Producer and Worker with ready/desired replicas, lag, records per
 * second (the rate of {@code kafka_messages_produced_total} resp. {@code kafka_messages_consumed_total}
 * summed over its pods' {@code /metrics}), restarts and the last scaling reason or, when the
 * component is not Ready, why; then each EtlSchedule with its last run and result.
 */
final class StatusTable {
  static final String PRODUCED = "kafka_messages_produced_total";
  static final String CONSUMED = "kafka_messages_consumed_total";
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(1);
  private static final int NOTE_WIDTH = 70;

  private final KubernetesClient client;
  private final LocalNode node;
  private final RateTracker rates = new RateTracker();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();

  StatusTable(KubernetesClient client, LocalNode node) {
    this.client = client;
    this.node = node;
  }

  String render(Instant now) {
    List<LocalPod> pods = node.pods();
    Map<String, Double> podRates = scrapeRates(pods, now);
    Map<String, Deployment> deploymentsByOwner = deploymentsByOwner();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-9s %-32s %-7s %8s %9s %8s  %s%n",
        "KIND", "NAME", "READY", "LAG", "REC/S", "RESTARTS", "LAST SCALING / STATUS"));
    for (String kind : List.of("Producer", "Worker")) {
      for (GenericKubernetesResource component : list(kind)) {
        String ns = component.getMetadata().getNamespace();
        String name = component.getMetadata().getName();
        Deployment deployment = deploymentsByOwner.get(kind + "/" + ns + "/" + name);
        List<LocalPod> own = deployment == null ? List.of() : pods.stream()
            .filter(p -> p.namespace().equals(ns) && p.ownerName().equals(deployment.getMetadata().getName())).toList();
        String ready = deployment == null ? "-" : count(deployment.getStatus() == null ? null
            : deployment.getStatus().getReadyReplicas()) + "/" + desired(deployment.getSpec().getReplicas());
        Map<String, Object> status = map(component.getAdditionalProperties().get("status"));
        double rate = own.stream().mapToDouble(p -> podRates.getOrDefault(p.namespace() + "/" + p.name(), Double.NaN))
            .filter(v -> !Double.isNaN(v)).sum();
        boolean anyRate = own.stream().anyMatch(p -> !Double.isNaN(podRates.getOrDefault(p.namespace() + "/" + p.name(), Double.NaN)));
        int restarts = own.stream().mapToInt(LocalPod::restartCount).sum();
        out.append(String.format(Locale.ROOT, "%-9s %-32s %-7s %8s %9s %8d  %s%n", kind, display(ns, name), ready,
            kind.equals("Worker") ? text(status.get("lag")) : "-",
            anyRate ? String.format(Locale.ROOT, "%.1f", rate) : "-", restarts, note(status)));
      }
    }
    List<GenericKubernetesResource> schedules = list("EtlSchedule");
    if (!schedules.isEmpty()) {
      out.append(String.format(Locale.ROOT, "%n%-9s %-32s %-14s %-21s %-10s %s%n",
          "KIND", "NAME", "SCHEDULE", "LAST RUN", "RESULT", "SUMMARY / STATUS"));
      for (GenericKubernetesResource schedule : schedules) {
        Map<String, Object> spec = map(schedule.getAdditionalProperties().get("spec"));
        Map<String, Object> status = map(schedule.getAdditionalProperties().get("status"));
        Map<String, Object> lastRun = map(status.get("lastRun"));
        String summary = lastRun.isEmpty() ? note(status) : "records " + text(lastRun.get("records")) + ", "
            + text(lastRun.get("durationSeconds")) + "s" + (lastRun.get("message") == null ? "" : ", " + lastRun.get("message"));
        out.append(String.format(Locale.ROOT, "%-9s %-32s %-14s %-21s %-10s %s%n", "EtlSched",
            display(schedule.getMetadata().getNamespace(), schedule.getMetadata().getName()), text(spec.get("schedule")),
            text(status.get("lastScheduleTime") != null ? status.get("lastScheduleTime") : lastRun.get("job")),
            text(lastRun.get("result")), truncate(summary)));
      }
    }
    return out.toString();
  }

  private Map<String, Double> scrapeRates(List<LocalPod> pods, Instant now) {
    Map<String, CompletableFuture<Optional<String>>> scrapes = new HashMap<>();
    for (LocalPod pod : pods) {
      if (pod.pid().isPresent()) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pod.metricsUrl())).timeout(SCRAPE_TIMEOUT).build();
        scrapes.put(pod.namespace() + "/" + pod.name(), http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .thenApply(r -> r.statusCode() == 200 ? Optional.of(r.body()) : Optional.<String>empty())
            .exceptionally(e -> Optional.empty()));
      }
    }
    Map<String, Double> result = new HashMap<>();
    Set<String> keys = new HashSet<>();
    scrapes.forEach((key, future) -> {
      Optional<String> body = future.join();
      if (body.isEmpty()) {
        return;
      }
      double produced = PrometheusText.sum(body.get(), PRODUCED);
      double value = Double.isNaN(produced) ? PrometheusText.sum(body.get(), CONSUMED) : produced;
      keys.add(key);
      result.put(key, rates.observe(key, value, now));
    });
    rates.forgetAllBut(keys);
    return result;
  }

  private Map<String, Deployment> deploymentsByOwner() {
    Map<String, Deployment> byOwner = new HashMap<>();
    for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
      List<OwnerReference> owners = deployment.getMetadata().getOwnerReferences();
      if (owners == null) {
        continue;
      }
      for (OwnerReference owner : owners) {
        byOwner.put(owner.getKind() + "/" + deployment.getMetadata().getNamespace() + "/" + owner.getName(), deployment);
      }
    }
    return byOwner;
  }

  private List<GenericKubernetesResource> list(String kind) {
    try {
      List<GenericKubernetesResource> items = new ArrayList<>(client.genericKubernetesResources(
          PipelineRewriter.GROUP_VERSION, kind).inAnyNamespace().list().getItems());
      items.sort((a, b) -> display(a.getMetadata().getNamespace(), a.getMetadata().getName())
          .compareTo(display(b.getMetadata().getNamespace(), b.getMetadata().getName())));
      return items;
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /** The last scaling reason, or why the component is not Ready. */
  private static String note(Map<String, Object> status) {
    Object conditions = status.get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> condition = map(item);
        if ("Ready".equals(condition.get("type")) && !"True".equals(condition.get("status"))) {
          return truncate("not ready: " + text(condition.get("reason")) + ": " + text(condition.get("message")));
        }
      }
    }
    Object reason = status.get("lastScaleReason");
    return reason == null ? "-" : truncate(String.valueOf(reason));
  }

  private static String display(String namespace, String name) {
    return "default".equals(namespace) ? name : namespace + "/" + name;
  }

  private static String count(Integer value) {
    return value == null ? "0" : String.valueOf(value);
  }

  /** {@code spec.replicas} as Kubernetes reads it: absent means 1. */
  private static String desired(Integer replicas) {
    return replicas == null ? "1" : String.valueOf(replicas);
  }

  private static String text(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }

  private static String truncate(String text) {
    return text.length() <= NOTE_WIDTH ? text : text.substring(0, NOTE_WIDTH - 1) + "…";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
