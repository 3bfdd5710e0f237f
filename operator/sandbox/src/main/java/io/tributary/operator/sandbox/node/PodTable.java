package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The pods this node runs, with their API objects kept in step. */
final class PodTable {
  private final Map<String, PodProcess> pods = new ConcurrentHashMap<>();
  private final NodeContext node;
  private final PodApi api;

  PodTable(NodeContext node) {
    this.node = node;
    this.api = new PodApi(node.client());
  }

  /** Creates the Pod object and its process (started on the next sync). */
  PodProcess add(PodIdentity id, Pod pod, boolean probeReadiness, Instant now) {
    PodProcess process = new PodProcess(id, pod, node, probeReadiness);
    pods.put(id.key(), process);
    api.create(process);
    process.sync(now);
    return process;
  }

  /** Pods of one owner (by uid), including terminating and finished ones. */
  List<PodProcess> ownedBy(String ownerUid) {
    return pods.values().stream().filter(p -> p.id().ownerUid().equals(ownerUid)).toList();
  }

  Stream<PodProcess> ofKind(String ownerKind) {
    return pods.values().stream().filter(p -> p.id().ownerKind().equals(ownerKind));
  }

  Collection<PodProcess> all() {
    return pods.values();
  }

  /**
   * Syncs every pod, removes those that finished terminating (API object and files) and writes
   * changed statuses. A pod whose API object vanished (deleted by a user) is terminated.
   */
  void syncAll(Instant now) {
    for (PodProcess pod : List.copyOf(pods.values())) {
      pod.sync(now);
      if (pod.isGone()) {
        api.delete(pod);
        deleteDirectory(pod.podDir());
        pods.remove(pod.id().key());
      } else if (!pod.isTerminating() && !api.writeStatus(pod)) {
        pod.terminate(now);
      }
    }
  }

  /** Terminates pods whose API objects are gone; {@code inApi} are {@code namespace/name} keys. */
  void terminateDeletedFromApi(java.util.Set<String> inApi, Collection<PodProcess> knownBeforeListing, Instant now) {
    knownBeforeListing.stream()
        .filter(p -> !p.isTerminating() && !inApi.contains(p.id().key()))
        .forEach(p -> p.terminate(now));
  }

  /** Stops every process in parallel (SIGTERM, SIGKILL after the grace period) and deletes the Pods. */
  void stopAll() {
    List<PodProcess> all = List.copyOf(pods.values());
    Instant now = node.clock().instant();
    all.forEach(p -> p.terminate(now));
    all.parallelStream().forEach(PodProcess::stopAndWait);
    for (PodProcess pod : all) {
      deleteDirectory(pod.podDir());
      try {
        api.delete(pod);
      } catch (RuntimeException apiGone) {
        // the API server may already be down at JVM exit; the processes matter, not the objects
      }
      pods.remove(pod.id().key());
    }
  }

  private static void deleteDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort: leftovers live under target/
    }
  }
}
