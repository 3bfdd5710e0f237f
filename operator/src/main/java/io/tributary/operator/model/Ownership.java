package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who created a child: the one fact that decides whether the operator may change or delete an
 * object (DESIGN "Ownership": it never adopts, changes or deletes an object it did not create for
 * that owner). Pure.
 *
 * <p>Every object the operator writes carries the owner's kind, namespace, name and uid as
 * annotations ({@link #annotations}); objects in the owner's namespace also carry a controller
 * owner reference, but a KafkaTopic in the Strimzi cluster's namespace cannot (Kubernetes has no
 * cross-namespace owners), so the annotations are what tells two Pipelines named alike in two
 * namespaces apart.
 *
 * <p>Objects written by versions before these annotations are recognised by what they carried
 * then: a controller owner reference with the owner's uid, or — for an object outside the owner's
 * namespace, where the old version could set none — the labels {@code
 * app.kubernetes.io/managed-by: tributary-operator} and {@code app.kubernetes.io/instance: <owner
 * name>} ({@link Claim#LEGACY}). Those labels do not say the owner's namespace, so a legacy object
 * is only taken over (annotated) when the owner wants an object of exactly that name or topic, and
 * never deleted as stale before that.
 */
public final class Ownership {
  public static final String OWNER_KIND = "tributary.io/owner-kind";
  public static final String OWNER_NAMESPACE = "tributary.io/owner-namespace";
  public static final String OWNER_NAME = "tributary.io/owner-name";
  public static final String OWNER_UID = "tributary.io/owner-uid";

  private Ownership() {}

  /** How an existing object relates to an owner. */
  public enum Claim {
    /** Created by this owner (annotations or owner reference with its uid). */
    OURS,
    /** Written by an older operator version for an owner of this name, in another namespace. */
    LEGACY,
    /** Someone else's: never changed or deleted. */
    FOREIGN
  }

  /** The owner annotations every child of {@code owner} carries. */
  public static Map<String, String> annotations(HasMetadata owner) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(OWNER_KIND, owner.getKind());
    annotations.put(OWNER_NAMESPACE, owner.getMetadata().getNamespace());
    annotations.put(OWNER_NAME, owner.getMetadata().getName());
    if (owner.getMetadata().getUid() != null) {
      annotations.put(OWNER_UID, owner.getMetadata().getUid());
    }
    return annotations;
  }

  /** Whether {@code live} carries all of {@link #annotations} of {@code owner}. */
  public static boolean annotated(HasMetadata owner, HasMetadata live) {
    return annotationsOf(live).entrySet().containsAll(annotations(owner).entrySet());
  }

  /** How {@code live} relates to {@code owner}; see the class comment for the rules. */
  public static Claim claim(HasMetadata owner, HasMetadata live) {
    Map<String, String> annotations = annotationsOf(live);
    if (annotations.containsKey(OWNER_UID) || annotations.containsKey(OWNER_NAME)) {
      // the uid decides: a Pipeline deleted and created again under the same name is another owner
      return Objects.equals(annotations.get(OWNER_UID), owner.getMetadata().getUid())
              && Objects.equals(annotations.get(OWNER_NAMESPACE), owner.getMetadata().getNamespace())
              && Objects.equals(annotations.get(OWNER_NAME), owner.getMetadata().getName())
              && Objects.equals(annotations.get(OWNER_KIND), owner.getKind())
          ? Claim.OURS
          : Claim.FOREIGN;
    }
    List<OwnerReference> refs = refsOf(live);
    boolean sameNamespace = Objects.equals(live.getMetadata().getNamespace(), owner.getMetadata().getNamespace());
    if (!refs.isEmpty()) {
      return sameNamespace && refs.stream().anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()))
          ? Claim.OURS
          : Claim.FOREIGN;
    }
    Map<String, String> labels = labelsOf(live);
    boolean oldTributaryLabels = Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        && owner.getMetadata().getName().equals(labels.get(Labels.INSTANCE));
    // in its own namespace the old version always set an owner reference: without one it is not ours
    return oldTributaryLabels && !sameNamespace ? Claim.LEGACY : Claim.FOREIGN;
  }

  /**
   * Who {@code live} belongs to, for a conflict message: {@code "Pipeline team-a/orders (uid
   * …)"}, or {@code "not created by Tributary"}.
   */
  public static String ownerOf(HasMetadata live) {
    Map<String, String> annotations = annotationsOf(live);
    if (annotations.containsKey(OWNER_NAME)) {
      return annotations.getOrDefault(OWNER_KIND, "owner") + " " + annotations.get(OWNER_NAMESPACE) + "/"
          + annotations.get(OWNER_NAME) + (annotations.containsKey(OWNER_UID) ? " (uid " + annotations.get(OWNER_UID) + ")" : "");
    }
    List<OwnerReference> refs = refsOf(live);
    OwnerReference ref = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
        .orElse(refs.isEmpty() ? null : refs.get(0));
    if (ref != null) {
      return ref.getKind() + " " + live.getMetadata().getNamespace() + "/" + ref.getName() + " (uid " + ref.getUid() + ")";
    }
    Map<String, String> labels = labelsOf(live);
    if (Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))) {
      return "a Tributary resource named " + labels.getOrDefault(Labels.INSTANCE, "?")
          + " (labels only: its namespace is not recorded)";
    }
    return "not created by Tributary";
  }

  /** {@code "KafkaTopic kafka/team-a.orders"}: the kind, namespace and name of an object. */
  public static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /**
   * The message of a conflict: the object and whose it is, e.g. {@code "KafkaTopic kafka/team-a.orders
   * exists and belongs to Pipeline team-b/orders (uid …)"} or {@code "ConfigMap shop/orders-pipeline-dashboard
   * exists and was not created by Tributary"}.
   */
  public static String conflict(HasMetadata live) {
    String whose = ownerOf(live);
    return describe(live) + (whose.startsWith("not ") ? " exists and was " + whose : " exists and belongs to " + whose);
  }

  private static Map<String, String> annotationsOf(HasMetadata object) {
    Map<String, String> a = object.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static Map<String, String> labelsOf(HasMetadata object) {
    Map<String, String> l = object.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  private static List<OwnerReference> refsOf(HasMetadata object) {
    List<OwnerReference> r = object.getMetadata().getOwnerReferences();
    return r == null ? List.of() : r;
  }
}
