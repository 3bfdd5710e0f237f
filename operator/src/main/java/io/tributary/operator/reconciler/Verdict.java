package io.tributary.operator.reconciler;

/**
 * Why a resource cannot be acted on: a condition reason and a message naming the field and value
 * (DESIGN §2). Nothing downstream is created or changed while a resource has one.
 */
public record Verdict(String reason, String message) {
  public static final String PIPELINE_NOT_FOUND = "PipelineNotFound";
  public static final String TOPIC_NOT_DECLARED = "TopicNotDeclared";
  public static final String INVALID_CONFIG = "InvalidConfig";
  public static final String INVALID_SCHEDULE = "InvalidSchedule";
}
