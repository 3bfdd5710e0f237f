package io.tributary.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every child of a Tributary resource carries, and the selectors built from them. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PIPELINE = "tributary.io/pipeline";
  public static final String PART_OF_VALUE = "tributary";
  public static final String MANAGED_BY_VALUE = "tributary-operator";
  /** Label selector matching everything this operator manages. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private Labels() {}

  /**
   * Labels of a child.
   *
   * @param role the owner's role ({@code pipeline}, {@code producer}, {@code worker}, {@code etl})
   * @param instance the owner's name
   * @param component {@code producer|worker|etl|topic|monitoring}
   * @param pipeline the Pipeline the owner belongs to
   */
  public static Map<String, String> of(String role, String instance, String component, String pipeline) {
    Map<String, String> labels = new LinkedHashMap<>(selector(role, instance));
    labels.put(COMPONENT, component);
    labels.put(PART_OF, PART_OF_VALUE);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(PIPELINE, pipeline);
    return labels;
  }

  /**
   * The labels every pod of a Pipeline carries (Producers, Workers, ETL runs): the selector of its
   * PodMonitor and of its NetworkPolicy.
   */
  public static Map<String, String> pipelinePods(String pipeline) {
    Map<String, String> labels = new java.util.TreeMap<>();
    labels.put(PIPELINE, pipeline);
    labels.put(PART_OF, PART_OF_VALUE);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    return labels;
  }

  /** The immutable subset used as a Deployment / Service selector. */
  public static Map<String, String> selector(String role, String instance) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, "tributary-" + role);
    labels.put(INSTANCE, instance);
    return labels;
  }
}
