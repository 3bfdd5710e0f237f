package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code spec.replicas} pods per Deployment, named {@code <deploy>-<template hash>-<n>}.
 * Scaling adds the lowest free slots and removes the highest. A changed pod template rolls the
 * pods with surge and no unavailability: new pods start at once, an old pod stops for each new
 * pod that is ready.
 */
final class DeploymentController {
  static final String KIND = "Deployment";
  static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);

  private final NodeContext node;
  private final PodTable pods;
  private final OnceLogger problems = new OnceLogger(LOG);

  DeploymentController(NodeContext node, PodTable pods) {
    this.node = node;
    this.pods = pods;
  }

  void sync(List<Deployment> deployments, Instant now) {
    Set<String> live = new HashSet<>();
    for (Deployment deployment : deployments) {
      if (deployment.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      live.add(deployment.getMetadata().getUid());
      String key = "deployment " + deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
      try {
        reconcile(deployment, now);
        problems.clear(key);
      } catch (RuntimeException e) {
        // one bad object must not stop the node for all the others
        problems.warn(key, e);
      }
    }
    pods.ofKind(KIND).filter(p -> !live.contains(p.id().ownerUid())).forEach(p -> p.terminate(now));
  }

  private void reconcile(Deployment deployment, Instant now) {
    int desired = desiredReplicas(deployment);
    String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
    List<PodProcess> owned = active(deployment);
    List<PodProcess> current = owned.stream().filter(p -> p.id().templateHash().equals(hash)).toList();
    List<PodProcess> old = owned.stream().filter(p -> !p.id().templateHash().equals(hash)).toList();

    Set<Integer> slots = new HashSet<>();
    current.forEach(p -> slots.add(p.id().index()));
    for (int slot = 0; slot < desired; slot++) {
      if (!slots.contains(slot)) {
        create(deployment, hash, slot, now);
      }
    }
    current.stream().filter(p -> p.id().index() >= desired).forEach(p -> p.terminate(now));

    long readyCurrent = current.stream().filter(p -> p.id().index() < desired && p.isReady()).count();
    long oldToKeep = Math.max(0, desired - readyCurrent);
    old.stream()
        .sorted(Comparator.comparing(PodProcess::isReady).reversed().thenComparing(p -> p.id().index()))
        .skip(oldToKeep)
        .forEach(p -> p.terminate(now));

    writeStatus(deployment, hash, desired, now);
  }

  private void create(Deployment deployment, String hash, int slot, Instant now) {
    String namespace = deployment.getMetadata().getNamespace();
    String name = deployment.getMetadata().getName() + "-" + hash + "-" + slot;
    PodIdentity id = new PodIdentity(namespace, name, KIND, deployment.getMetadata().getName(),
        deployment.getMetadata().getUid(), hash, slot);
    var pod = PodApi.fromTemplate(name, deployment, deployment.getSpec().getTemplate(), Map.of(TEMPLATE_HASH_LABEL, hash));
    LOG.info("deployment {}/{}: creating pod {}", namespace, deployment.getMetadata().getName(), name);
    pods.add(id, pod, true, now);
  }

  private void writeStatus(Deployment deployment, String hash, int desired, Instant now) {
    List<PodProcess> active = active(deployment);
    int replicas = active.size();
    int ready = (int) active.stream().filter(PodProcess::isReady).count();
    int updated = (int) active.stream().filter(p -> p.id().templateHash().equals(hash)).count();
    DeploymentStatus existing = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    boolean available = ready >= desired;
    DeploymentCondition availableCondition = condition(existing, "Available", available,
        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUpdatedReplicas(updated)
        .withUnavailableReplicas(Math.max(0, desired - ready) == 0 ? null : Math.max(0, desired - ready))
        .withConditions(availableCondition)
        .build();
    if (sameNumbers(existing, status)) {
      return;
    }
    Deployment copy = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(deployment).withStatus(status).build();
    copy.getMetadata().setResourceVersion(null);
    node.client().apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(copy).updateStatus();
  }

  private List<PodProcess> active(Deployment deployment) {
    return pods.ownedBy(deployment.getMetadata().getUid()).stream().filter(p -> !p.isTerminating()).toList();
  }

  private static boolean sameNumbers(DeploymentStatus a, DeploymentStatus b) {
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getReplicas(), b.getReplicas())
        && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
        && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
        && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
        && Objects.equals(a.getUnavailableReplicas(), b.getUnavailableReplicas())
        && Objects.equals(conditionStatus(a, "Available"), conditionStatus(b, "Available"));
  }

  private static String conditionStatus(DeploymentStatus status, String type) {
    return status.getConditions() == null ? null : status.getConditions().stream()
        .filter(c -> type.equals(c.getType())).map(DeploymentCondition::getStatus).findFirst().orElse(null);
  }

  private static DeploymentCondition condition(DeploymentStatus existing, String type, boolean value, String reason,
      String message, Instant now) {
    String status = value ? "True" : "False";
    String since = Objects.equals(conditionStatus(existing, type), status)
        ? existing.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
            .map(DeploymentCondition::getLastTransitionTime).orElse(Timestamps.format(now))
        : Timestamps.format(now);
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(since).withLastUpdateTime(since).build();
  }

  private static int desiredReplicas(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : Math.max(0, replicas);
  }
}
