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

  /** Type of the condition that every kind always has. */
  public static final String CONDITION_READY = "Ready";

  /** JSONPath of the Ready condition's status, for printer columns. */
  public static final String READY_JSON_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  private TributaryApi() {
  }
}
