package io.tributary.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tributary.operator.model.Canonical;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Owns the {@code status.conditions} of every Tributary kind (DESIGN §2): {@code Ready} is always
 * present, every condition carries the generation it was computed from, and a condition's
 * {@code lastTransitionTime} only moves when its status flips.
 *
 * <p>A writer (a reconciler, the autoscaler) computes the conditions it owns every time and hands
 * them to {@link #merge}; conditions of other types, owned by other writers, are kept as they are.
 *
 * <p>The writer of {@code Ready} also gets the kstatus conditions derived from it (Flux, Argo CD,
 * {@code kubectl wait}): {@link #RECONCILING}{@code =True} while {@code Ready=False} for a
 * transient reason, {@link #STALLED}{@code =True} while {@code Ready=False} for a permanent one
 * (classified by {@link Reasons#of}), each with the reason and message of {@code Ready}. Neither
 * is present otherwise, so both are absent when {@code Ready=True}.
 */
public final class ConditionsHelper {
  /** Condition type present on every resource. */
  public static final String READY = "Ready";
  /** kstatus condition: the operator is still working toward the spec. */
  public static final String RECONCILING = "Reconciling";
  /** kstatus condition: an error that will not go away without a change of the spec or its references. */
  public static final String STALLED = "Stalled";
  /**
   * A component of a plain-Kafka Pipeline with {@code spec.kafka.authentication}: whether its ACLs
   * were created through the Admin API ({@link Reasons#ACLS_APPLIED}, {@link Reasons#NO_AUTHORIZER},
   * {@link Reasons#KAFKA_UNAVAILABLE}, {@link Reasons#KAFKA_CREDENTIALS_MISSING}).
   */
  public static final String KAFKA_ACLS_APPLIED = "KafkaAclsApplied";
  /**
   * A component of a Strimzi Pipeline with {@code spec.kafka.authentication}: whether its own
   * KafkaUser's credentials are copied into its namespace and used by its pods (reason {@link
   * Reasons#KAFKA_USER_READY}, or the reason of {@code Ready=False}). Present exactly while the
   * component has a KafkaUser. On such a Pipeline: whether the operator's own KafkaUser has its
   * Secret ({@link Reasons#KAFKA_USER_NOT_READY} naming it while not; the Pipeline's {@code Ready}
   * is not held back, its lag reads, dead-letter scans, replays and redrives are).
   */
  public static final String KAFKA_USER_READY = "KafkaUserReady";
  private final Clock clock;

  public ConditionsHelper(Clock clock) {
    this.clock = clock;
  }

  /** A condition without timestamps; {@link #merge} fills them in. */
  public static Condition condition(String type, boolean status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /**
   * The new conditions list.
   *
   * @param existing the conditions in the live status (may be null)
   * @param generation {@code metadata.generation} of the resource reconciled
   * @param wanted the conditions of the caller now
   * @return the wanted conditions (Ready first when present, then Reconciling or Stalled derived
   *     from it) followed by the other existing ones; one condition per type (the first wanted, else
   *     the first existing), because the API server refuses a status whose {@code conditions}, a
   *     list map keyed by type, holds a type twice (422), and with it every other field of the patch
   */
  public List<Condition> merge(List<Condition> existing, Long generation, List<Condition> wanted) {
    wanted = withProgress(wanted);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> merged = new ArrayList<>();
    java.util.Set<String> types = new java.util.HashSet<>();
    for (Condition want : wanted) {
      if (!types.add(want.getType())) {
        continue;
      }
      Condition previous = find(existing, want.getType());
      String transition =
          previous != null && Objects.equals(previous.getStatus(), want.getStatus())
                  && previous.getLastTransitionTime() != null
              ? previous.getLastTransitionTime()
              : now;
      merged.add(
          new ConditionBuilder(want)
              .withObservedGeneration(generation)
              .withLastTransitionTime(transition)
              .build());
    }
    merged.sort((a, b) -> Boolean.compare(!READY.equals(a.getType()), !READY.equals(b.getType())));
    boolean readyWanted = find(wanted, READY) != null;
    if (existing != null) {
      for (Condition other : existing) {
        boolean derived = RECONCILING.equals(other.getType()) || STALLED.equals(other.getType());
        if (!(readyWanted && derived) && types.add(other.getType())) {
          merged.add(other);
        }
      }
    }
    return merged;
  }

  /** {@code wanted} and, when it holds {@code Ready=False}, Reconciling or Stalled right after Ready. */
  private static List<Condition> withProgress(List<Condition> wanted) {
    Condition ready = find(wanted, READY);
    if (ready == null || "True".equals(ready.getStatus())) {
      return wanted;
    }
    String type = Reasons.of(ready.getReason()) == Reasons.Progress.PERMANENT ? STALLED : RECONCILING;
    List<Condition> all = new ArrayList<>();
    for (Condition c : wanted) {
      if (!RECONCILING.equals(c.getType()) && !STALLED.equals(c.getType())) {
        all.add(c);
      }
      if (c == ready) {
        all.add(condition(type, true, ready.getReason(), ready.getMessage()));
      }
    }
    return all;
  }

  /** The condition of a type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Whether two status objects differ in content (so the status needs a write). */
  public static boolean changed(Object before, Object after) {
    if (before == null || after == null) {
      return before != after;
    }
    return !Canonical.json(before).equals(Canonical.json(after));
  }
}
