package io.tributary.api.v1alpha1;

/** Names shared by the API, the operator and the tools. */
public final class TributaryApi {

  /** API group of all Tributary kinds. */
  public static final String GROUP = "tributary.io";

  /** API version of the kinds in this package. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} value of the kinds in this package. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Category shared by all kinds: {@code kubectl get tributary} lists them all. */
  public static final String CATEGORY = "tributary";

  /** Annotation on an EtlSchedule: a new value starts one run at once. */
  public static final String RUN_NOW_ANNOTATION = "tributary.io/run-now";

  /**
   * Label a Secret must carry, with the value {@value #USABLE_BY_PIPELINES_VALUE}, before the
   * operator reads it or wires it into the pods of a Pipeline that references it
   * ({@code spec.kafka.tls.caSecretRef}, {@code spec.kafka.authentication.secretRef},
   * {@code spec.redis.urlSecretRef}, {@code spec.redis.passwordSecretRef}, a Producer's
   * {@code spec.source.http.tokenSecretRef}). Without it a Pipeline author could point
   * {@code redis.url} at a host of theirs and receive any Secret of the namespace as the password.
   */
  public static final String USABLE_BY_PIPELINES_LABEL = "tributary.io/usable-by-pipelines";

  /** The value of {@link #USABLE_BY_PIPELINES_LABEL} that opts a Secret in. */
  public static final String USABLE_BY_PIPELINES_VALUE = "true";

  /** Type of the condition that every kind always has. */
  public static final String CONDITION_READY = "Ready";

  /** JSONPath of the Ready condition's status, for printer columns. */
  public static final String READY_JSON_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  private TributaryApi() {
  }
}
