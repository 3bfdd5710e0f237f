package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tributary.operator.config.OperatorSettings;

/** Fixtures with the fields the API server would set (uid, generation), for pure model tests. */
final class ModelFixtures {
  static final String IMAGE = OperatorSettings.DEFAULT_RUNTIME_IMAGE;

  private ModelFixtures() {}

  static <T extends HasMetadata> T stored(T resource) {
    resource.getMetadata().setUid("uid-" + resource.getKind().toLowerCase() + "-" + resource.getMetadata().getName());
    resource.getMetadata().setGeneration(1L);
    return resource;
  }
}
