package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.schema.BadResource;
import io.tributary.api.schema.BadResourceCorpus;
import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.schema.CrdSchemaValidator;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.schema.SchemaError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mistakes a user can make ({@link BadResourceCorpus}), each refused by our CRD schema (structure or
 * CEL) with a message that names the field, as {@code kubectl apply} would show it. The real API
 * server is held to the same cases by {@code io.tributary.operator.kube.BadResourcesOnRealServerIT}.
 */
class BadResourcesTest {

  private static final CrdSchemaRegistry OUR_CRDS = CrdSchemaRegistry.load(ProjectPaths.committedCrds());

  static List<BadResource> badResources() {
    return BadResourceCorpus.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResources")
  void isRefusedWithAMessageNamingTheField(BadResource bad) {
    List<SchemaError> errors = OUR_CRDS.validate(bad.object());
    assertThat(errors)
        .as("errors for '%s':%n%s", bad.what(), CrdSchemaValidator.format(errors))
        .anySatisfy(error -> assertThat(bad.isRefusedBy(error.path(), error.message()))
            .as("%s names %s and contains '%s'", error, bad.path(), bad.message())
            .isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResources")
  void hasNoOtherMistake(BadResource bad) {
    // a second mistake could be what refuses the case, on the server or here, and hide a rule that does not work
    List<SchemaError> errors = OUR_CRDS.validate(bad.object());
    assertThat(errors)
        .as("errors for '%s':%n%s", bad.what(), CrdSchemaValidator.format(errors))
        .allSatisfy(error -> assertThat(error.path()).isIn(bad.path(), "<nil>"));
  }
}
