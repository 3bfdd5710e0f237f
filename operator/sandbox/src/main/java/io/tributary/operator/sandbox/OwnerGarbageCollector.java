package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' garbage collector for the mock API, background cascading only: an object whose
 * {@code metadata.ownerReferences} all name uids that no longer exist is deleted, so deleting a
 * Worker deletes its Deployment, ConfigMap and Service, and the Deployment's pods in turn. The
 * mock server has no such thing, and the operator relies on it as every operator does.
 *
 * <p>The API tells it of every stored write ({@link #written}), under the API's write lock, so its
 * index of uids never misses an object that is being replaced. A delete (or an object written
 * with an owner that is gone) starts a sweep on the collector's own thread; the deletes of a
 * sweep start the next, which is how it goes down the ownership chain. Deletes go through the
 * API like any other, so finalizers and watches behave as for a client's delete.
 * {@code blockOwnerDeletion} and foreground deletion are not honoured (an owner goes at once);
 * {@link #orphan} does what {@code propagationPolicy: Orphan} asks.
 */
final class OwnerGarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerGarbageCollector.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The API, as the collector uses it: by path, e.g. {@code /api/v1/namespaces/default/pods/p}. */
  interface Store {
    /** The stored object at {@code path}, as JSON. */
    Optional<String> get(String path);

    /** Applies a JSON merge patch; returns the HTTP status. */
    int mergePatch(String path, String patch);

    /** Deletes (or, with finalizers, marks for deletion) the object; returns the HTTP status. */
    int delete(String path);
  }

  /** One stored object: where it lives and whom it belongs to. */
  private record Node(String path, Set<String> owners) {}

  private final Store store;
  private final Map<String, Node> byUid = new HashMap<>();
  private final AtomicBoolean sweepPending = new AtomicBoolean();
  private final ExecutorService sweeper = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-api-gc");
    thread.setDaemon(true);
    return thread;
  });

  OwnerGarbageCollector(Store store) {
    this.store = store;
  }

  /**
   * One write of the store: {@code before} replaced by {@code after} (either may be null: a
   * create or a delete) through a path whose resource (plural) is {@code plural}.
   */
  void written(String plural, String before, String after) {
    Optional<JsonNode> old = parse(before);
    Optional<JsonNode> now = parse(after);
    boolean sweep;
    synchronized (byUid) {
      old.map(OwnerGarbageCollector::uid).ifPresent(byUid::remove);
      now.ifPresent(object -> {
        String uid = uid(object);
        if (!uid.isEmpty() && plural != null) {
          byUid.put(uid, new Node(path(object, plural), owners(object)));
        }
      });
      // a delete can leave dependents behind; so can an object written with an owner already gone
      sweep = now.isEmpty() && old.isPresent()
          || now.map(object -> ownersAllGone(owners(object))).orElse(false);
    }
    if (sweep) {
      requestSweep();
    }
  }

  /**
   * Removes the owner reference to {@code ownerUid} from every object that has one, before the
   * owner is deleted with {@code propagationPolicy: Orphan}, so that they outlive it.
   */
  void orphan(String ownerUid) {
    List<String> dependents;
    synchronized (byUid) {
      dependents = byUid.values().stream().filter(node -> node.owners().contains(ownerUid)).map(Node::path).toList();
    }
    for (String path : dependents) {
      // a write between the read and the patch makes the patch a 409 (it names the version read): read again
      for (int attempt = 0; attempt < 5; attempt++) {
        Optional<String> current = store.get(path);
        if (current.isEmpty() || store.mergePatch(path, withoutOwner(current.get(), ownerUid)) != 409) {
          break;
        }
      }
    }
  }

  private void requestSweep() {
    if (sweepPending.compareAndSet(false, true)) {
      try {
        sweeper.execute(this::sweep);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        sweepPending.set(false);
      }
    }
  }

  private void sweep() {
    sweepPending.set(false);
    List<String> garbage;
    synchronized (byUid) {
      garbage = byUid.values().stream().filter(node -> ownersAllGone(node.owners())).map(Node::path).toList();
    }
    for (String path : garbage) {
      try {
        int code = store.delete(path);
        LOG.info("garbage collector: deleted {}, whose owners are gone ({})", path, code);
      } catch (RuntimeException e) {
        LOG.warn("garbage collector: cannot delete {}: {}", path, e.getMessage());
      }
    }
  }

  /** Caller holds the lock on {@link #byUid}. */
  private boolean ownersAllGone(Set<String> owners) {
    return !owners.isEmpty() && owners.stream().noneMatch(byUid::containsKey);
  }

  private static Optional<JsonNode> parse(String json) {
    if (json == null || json.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(json));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String uid(JsonNode object) {
    return object.path("metadata").path("uid").asText("");
  }

  private static Set<String> owners(JsonNode object) {
    Set<String> uids = new HashSet<>();
    object.path("metadata").path("ownerReferences").forEach(ref -> {
      if (!ref.path("uid").asText("").isEmpty()) {
        uids.add(ref.path("uid").asText());
      }
    });
    return uids;
  }

  /** {@code /api/v1[/namespaces/<ns>]/<plural>/<name>} or {@code /apis/<group>/<version>/...}. */
  private static String path(JsonNode object, String plural) {
    String apiVersion = object.path("apiVersion").asText();
    String namespace = object.path("metadata").path("namespace").asText("");
    return (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion
        + (namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + plural + "/"
        + object.path("metadata").path("name").asText();
  }

  /** A merge patch that leaves out the references to {@code ownerUid}, against the version read. */
  private static String withoutOwner(String json, String ownerUid) {
    try {
      JsonNode object = JSON.readTree(json);
      ObjectNode patch = JSON.createObjectNode();
      ObjectNode metadata = patch.putObject("metadata");
      metadata.set("resourceVersion", object.path("metadata").path("resourceVersion"));
      ArrayNode kept = JSON.createArrayNode();
      object.path("metadata").path("ownerReferences").forEach(ref -> {
        if (!ref.path("uid").asText().equals(ownerUid)) {
          kept.add(ref);
        }
      });
      if (kept.isEmpty()) {
        metadata.putNull("ownerReferences");
      } else {
        metadata.set("ownerReferences", kept);
      }
      return patch.toString();
    } catch (IOException e) {
      throw new IllegalStateException("stored object is not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    try {
      sweeper.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
