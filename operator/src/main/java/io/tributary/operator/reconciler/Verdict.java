package io.tributary.operator.reconciler;

import io.tributary.operator.status.Reasons;

/**
 * Why a resource cannot be acted on: a condition reason and a message naming the field and value
 * (DESIGN §2); every reason is classified in {@link Reasons} (all of these but
 * {@link #KAFKA_USER_NOT_READY} are permanent: {@code Stalled=True}). Nothing downstream is created or changed while a resource has one.
 */
public record Verdict(String reason, String message) {
  public static final String PIPELINE_NOT_FOUND = Reasons.PIPELINE_NOT_FOUND;
  public static final String TOPIC_NOT_DECLARED = Reasons.TOPIC_NOT_DECLARED;
  public static final String INVALID_CONFIG = Reasons.INVALID_CONFIG;
  public static final String INVALID_SCHEDULE = Reasons.INVALID_SCHEDULE;
  public static final String WAIT_FOR_WORKER_INVALID = Reasons.WAIT_FOR_WORKER_INVALID;
  public static final String KAFKA_USER_NOT_READY = Reasons.KAFKA_USER_NOT_READY;
  public static final String KAFKA_USER_CRD_MISSING = Reasons.KAFKA_USER_CRD_MISSING;
}
