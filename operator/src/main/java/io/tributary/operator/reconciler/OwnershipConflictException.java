package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tributary.operator.model.Ownership;
import io.tributary.operator.status.Reasons;

/**
 * An object the operator would write exists and was not created by this owner: nothing was
 * changed. The reconcilers turn it into {@code Ready=False} with reason {@link #REASON}; the
 * message names the object (kind, namespace, name) and its actual owner.
 */
public final class OwnershipConflictException extends RuntimeException {
  /** The condition reason of an ownership conflict. */
  public static final String REASON = Reasons.OWNERSHIP_CONFLICT;

  public OwnershipConflictException(HasMetadata live) {
    super(Ownership.conflict(live));
  }

  public OwnershipConflictException(String message) {
    super(message);
  }
}
