package io.tributary.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.operator.model.Canonical;
import io.tributary.operator.model.Ownership;
import io.tributary.operator.model.UpstreamKind;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Creates or updates one child so that it matches the model, with plain create/update requests
 * (no server-side apply, DESIGN §8), and writes nothing when it already matches.
 *
 * <p>A child matches when (1) its {@code tributary.io/desired-hash} annotation equals the hash of
 * the desired object — this catches fields the model removed — and (2) every field the model sets
 * has the same value in the live object — this catches edits by others. Fields the API server adds
 * (defaults, status, metadata) are ignored, empty maps and lists in the model match absent ones,
 * and quantities compare by value ({@code 1000m} equals {@code 1}), so a real API server's
 * normalisation does not cause endless updates.
 *
 * <p>On update the live object's metadata (resourceVersion for optimistic locking, labels and
 * annotations added by others) is kept. One field is left to its other writer: a Deployment whose
 * model has no {@code spec.replicas} keeps the live replica count — that is how the autoscaler
 * (DESIGN §4, "exactly one writer sets the Deployment's replicas") owns it.
 *
 * <p>Ownership (DESIGN "Ownership"): every write stamps the owner's {@link Ownership#annotations};
 * an existing object that {@link Ownership#claim} says is not this owner's is never updated
 * ({@link OwnershipConflictException}) nor deleted, so a Pipeline cannot take over a ConfigMap,
 * Deployment or KafkaTopic that merely has the name it wants.
 */
public final class ChildApplier {
  public static final String DESIRED_HASH = "tributary.io/desired-hash";

  /** What {@link #apply} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  private final KubernetesClient client;
  private final EventRecorder events;
  private final MeterRegistry meters;

  public ChildApplier(KubernetesClient client, EventRecorder events, MeterRegistry meters) {
    this.client = client;
    this.events = events;
    this.meters = meters;
  }

  private void count(HasMetadata child, String action) {
    meters.counter("tributary.child.writes", "kind", child.getKind(), "action", action).increment();
  }

  /**
   * Makes the child match {@code desired}; records an Event on {@code owner} for every write.
   *
   * @return what was done
   * @throws OwnershipConflictException if an object of that name exists and is not {@code owner}'s
   *     (it is left as it is)
   */
  public <T extends HasMetadata> Outcome apply(HasMetadata owner, T desired) {
    String hash = Canonical.hash(desired);
    T actual = handle(desired).get();
    if (actual != null && Ownership.claim(owner, actual) == Ownership.Claim.FOREIGN) {
      throw new OwnershipConflictException(actual);
    }
    T toWrite = stamped(owner, desired, hash);
    if (actual == null) {
      handle(toWrite).create();
      count(desired, "create");
      events.normal(owner, "Created", "created " + describe(desired));
      return Outcome.CREATED;
    }
    if (matches(desired, actual, hash) && Ownership.annotated(owner, actual)) {
      return Outcome.UNCHANGED;
    }
    mergeLiveState(actual, toWrite);
    handle(toWrite).update();
    count(desired, "update");
    events.normal(owner, "Updated", "updated " + describe(desired));
    return Outcome.UPDATED;
  }

  /**
   * Creates the child unless an object of that name exists (for immutable children such as Jobs).
   *
   * @return whether it was created
   */
  public <T extends HasMetadata> boolean createIfAbsent(HasMetadata owner, T desired) {
    if (handle(desired).get() != null) {
      return false;
    }
    T toWrite = stamped(owner, desired, Canonical.hash(desired));
    handle(toWrite).create();
    count(desired, "create");
    events.normal(owner, "Created", "created " + describe(desired));
    return true;
  }

  /** The live object with the desired object's kind, namespace and name, or null. */
  public <T extends HasMetadata> T get(T desired) {
    return handle(desired).get();
  }

  /**
   * Deletes the child if it exists and is {@code owner}'s ({@link Ownership.Claim#OURS}); an object
   * of that name that is someone else's, or not yet taken over from an older version, stays.
   *
   * @return whether it was deleted
   */
  public <T extends HasMetadata> boolean delete(HasMetadata owner, T child) {
    T live = handle(child).get();
    if (live == null || Ownership.claim(owner, live) != Ownership.Claim.OURS) {
      return false;
    }
    handle(child).delete();
    count(child, "delete");
    events.normal(owner, "Deleted", "deleted " + describe(child));
    return true;
  }

  /** A client handle for any object the operator writes, typed or one of {@link UpstreamKind}. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Resource<T> handle(T object) {
    String namespace = object.getMetadata().getNamespace();
    if (object instanceof GenericKubernetesResource generic) {
      UpstreamKind kind = UpstreamKind.of(generic.getApiVersion(), generic.getKind());
      Objects.requireNonNull(kind, () -> "not an upstream kind: " + generic.getApiVersion() + "/" + generic.getKind());
      return (Resource<T>)
          client.genericKubernetesResources(UpstreamResources.context(kind)).inNamespace(namespace).resource(generic);
    }
    return client.resources((Class<T>) object.getClass()).inNamespace(namespace).resource(object);
  }

  static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getName();
  }

  private static <T extends HasMetadata> boolean matches(T desired, T actual, String hash) {
    ObjectMeta live = actual.getMetadata();
    if (!hash.equals(annotations(live).get(DESIRED_HASH))) {
      return false;
    }
    if (!annotations(live).entrySet().containsAll(annotations(desired.getMetadata()).entrySet())
        || !labels(live).entrySet().containsAll(labels(desired.getMetadata()).entrySet())) {
      return false;
    }
    for (OwnerReference ref : desired.getMetadata().getOwnerReferences()) {
      if (live.getOwnerReferences().stream().noneMatch(r -> Objects.equals(r.getUid(), ref.getUid()))) {
        return false;
      }
    }
    return isSubset(body(desired), body(actual));
  }

  /** The object without metadata and status: what the model decides. */
  private static JsonNode body(HasMetadata object) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(object);
    tree.remove("metadata");
    tree.remove("status");
    return tree;
  }

  /** Every value set in {@code want} has an equal value in {@code have}. */
  static boolean isSubset(JsonNode want, JsonNode have) {
    if (want == null || want.isNull()) {
      return true;
    }
    if ((want.isObject() || want.isArray()) && want.isEmpty()) {
      return have == null || have.isNull() || have.isEmpty();
    }
    if (have == null || have.isNull()) {
      return false;
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!isSubset(field.getValue(), have.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!isSubset(want.get(i), have.get(i))) {
          return false;
        }
      }
      return true;
    }
    return scalarEquals(want, have);
  }

  private static boolean scalarEquals(JsonNode want, JsonNode have) {
    if (want.equals(have)) {
      return true;
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    if (want.isTextual() && have.isTextual()) {
      return sameQuantity(want.asText(), have.asText());
    }
    return false;
  }

  private static boolean sameQuantity(String a, String b) {
    try {
      BigDecimal x = Quantity.getAmountInBytes(new Quantity(a));
      BigDecimal y = Quantity.getAmountInBytes(new Quantity(b));
      return x.compareTo(y) == 0;
    } catch (RuntimeException notQuantities) {
      return false;
    }
  }

  private static <T extends HasMetadata> void mergeLiveState(T actual, T toWrite) {
    ObjectMeta live = actual.getMetadata();
    ObjectMeta target = toWrite.getMetadata();
    target.setResourceVersion(live.getResourceVersion());
    target.setUid(live.getUid());
    Map<String, String> labels = new HashMap<>(labels(live));
    labels.putAll(labels(target));
    target.setLabels(labels);
    Map<String, String> annotations = new HashMap<>(annotations(live));
    annotations.putAll(annotations(target));
    target.setAnnotations(annotations);
    target.setFinalizers(live.getFinalizers());
    if (toWrite instanceof Service wanted && actual instanceof Service running
        && wanted.getSpec().getClusterIP() == null && running.getSpec() != null) {
      // allocated by the API server and immutable: a PUT without them is refused
      wanted.getSpec().setClusterIP(running.getSpec().getClusterIP());
      wanted.getSpec().setClusterIPs(running.getSpec().getClusterIPs());
      wanted.getSpec().setIpFamilies(running.getSpec().getIpFamilies());
      wanted.getSpec().setIpFamilyPolicy(running.getSpec().getIpFamilyPolicy());
    }
    if (toWrite instanceof Deployment wanted
        && actual instanceof Deployment running
        && wanted.getSpec().getReplicas() == null) {
      wanted.getSpec().setReplicas(running.getSpec().getReplicas());
    }
  }

  /** The object to write: {@code desired} with the owner annotations and the desired hash. */
  private static <T extends HasMetadata> T stamped(HasMetadata owner, T desired, String hash) {
    T toWrite = copyOf(desired);
    meta(toWrite).getAnnotations().putAll(Ownership.annotations(owner));
    meta(toWrite).getAnnotations().put(DESIRED_HASH, hash);
    return toWrite;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T copyOf(T object) {
    T copy = (T) Serialization.clone(object);
    if (copy.getMetadata().getAnnotations() == null) {
      copy.getMetadata().setAnnotations(new HashMap<>());
    } else {
      copy.getMetadata().setAnnotations(new HashMap<>(copy.getMetadata().getAnnotations()));
    }
    return copy;
  }

  private static Map<String, String> labels(ObjectMeta meta) {
    return meta.getLabels() == null ? Map.of() : meta.getLabels();
  }

  private static Map<String, String> annotations(ObjectMeta meta) {
    return meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
  }

  private static ObjectMeta meta(HasMetadata object) {
    return object.getMetadata();
  }
}
