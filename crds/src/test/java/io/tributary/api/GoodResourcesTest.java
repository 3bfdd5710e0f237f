package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.schema.CrdSchemaValidator;
import io.tributary.api.schema.GoodResource;
import io.tributary.api.schema.GoodResourceCorpus;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.schema.SchemaError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples and the valid variants next to the bad cases ({@link GoodResourceCorpus}) are
 * accepted by our CRD schema; {@code io.tributary.operator.kube.BadResourcesOnRealServerIT} holds the
 * real API server to the same list.
 */
class GoodResourcesTest {

  private static final CrdSchemaRegistry OUR_CRDS = CrdSchemaRegistry.load(ProjectPaths.committedCrds());

  static List<GoodResource> goodResources() {
    return GoodResourceCorpus.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodResources")
  void isAccepted(GoodResource good) {
    List<SchemaError> errors = OUR_CRDS.validate(good.object());
    assertThat(errors).as("errors for '%s':%n%s", good.what(), CrdSchemaValidator.format(errors)).isEmpty();
  }
}
