package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.api.schema.BadResource;
import io.tributary.api.schema.BadResourceCorpus;
import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.schema.CrdSchemaValidator;
import io.tributary.api.schema.GoodResource;
import io.tributary.api.schema.GoodResourceCorpus;
import io.tributary.api.schema.InvalidCrdException;
import io.tributary.api.schema.ProjectPaths;
import io.tributary.api.schema.SchemaError;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real API server and our Java schema/CEL validator ({@link CrdSchemaValidator}) judge the same
 * resources the same way: every case of {@link BadResourceCorpus} is refused by both, naming the
 * same field with the same message; every example and valid variant of {@link GoodResourceCorpus}
 * is accepted by both. A case one side accepts and the other refuses fails as a disagreement: the
 * validator is what the crds module's tests (and the mock cluster) trust, so it must not drift from
 * the server.
 *
 * <p>Objects are created as {@code kubectl create} does (strict field validation, see
 * {@link StrictCreate}). Our CRDs themselves must be accepted, CEL cost budget included;
 * {@link CrdsOnRealServerIT} checks their conditions.
 */
@RealControlPlane
class BadResourcesOnRealServerIT {

  private static final CrdSchemaRegistry OUR_CRDS = CrdSchemaRegistry.load(ProjectPaths.committedCrds());
  private static final String UNTYPED_FIELD_RULE_CRD = "io/tributary/api/schema/untyped-field-rule.crd.yaml";
  /** Both sides' words: the same CEL compiler error, down to the column. */
  private static final String UNTYPED_FIELD_COMPILE_ERROR =
      "compilation failed: ERROR: <input>:1:27: undefined field 'value'";

  @BeforeAll
  static void installOurCrds(LocalControlPlane plane) {
    ClusterCrds.install(plane, ClusterCrds.ours());
  }

  static List<BadResource> badResources() {
    return BadResourceCorpus.all();
  }

  static List<GoodResource> goodResources() {
    return GoodResourceCorpus.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResources")
  void isRefusedByTheServerAndTheValidatorNamingTheField(BadResource bad, LocalControlPlane plane,
                                                         TestNamespace namespace) {
    ServerAnswer server = create(plane, bad.object(), namespace);
    List<SchemaError> validator = OUR_CRDS.validate(bad.object());

    assertThat(validator.isEmpty())
        .as("disagreement on '%s': the server answered %s%nbut the validator found %s", bad, server,
            validator.isEmpty() ? "nothing" : CrdSchemaValidator.format(validator))
        .isEqualTo(server.created());
    assertThat(server.code()).as("HTTP status for '%s': %s", bad, server).isEqualTo(bad.isUnknownField() ? 400 : 422);
    assertThat(server.errors())
        .as("the server's errors for '%s' name %s with '%s'", bad, bad.path(), bad.message())
        .anySatisfy(error -> assertThat(bad.isRefusedBy(error.field(), error.message())).as(error.toString()).isTrue());
    assertThat(validator)
        .as("the validator's errors for '%s' name %s with '%s'", bad, bad.path(), bad.message())
        .anySatisfy(error -> assertThat(bad.isRefusedBy(error.path(), error.message())).as(error.toString()).isTrue());
    // beyond the expected words: at that field the validator says exactly what the server says, and
    // both left the CEL rules unevaluated (the note at <nil>) or both evaluated them
    for (String field : List.of(bad.path(), "<nil>")) {
      assertThat(messagesAt(validator, field))
          .as("the validator's messages at %s for '%s' (the server's: %s)", field, bad, server)
          .containsExactlyInAnyOrderElementsOf(messagesAt(server, field));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodResources")
  void isAcceptedByTheServerAndTheValidator(GoodResource good, LocalControlPlane plane, TestNamespace namespace) {
    ServerAnswer server = create(plane, good.object(), namespace);
    List<SchemaError> validator = OUR_CRDS.validate(good.object());

    assertThat(validator.isEmpty())
        .as("disagreement on '%s': the server answered %s%nbut the validator found %s", good, server,
            validator.isEmpty() ? "nothing" : CrdSchemaValidator.format(validator))
        .isEqualTo(server.created());
    assertThat(server.created()).as("the server's answer to '%s': %s", good, server).isTrue();
  }

  @Test
  void aRuleNamingAFieldWithoutSchemaTypeRefusesTheCrdOnBothSides(LocalControlPlane plane, @TempDir Path dir)
      throws IOException {
    Path crdFile = dir.resolve("untyped-field-rule.crd.yaml");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(UNTYPED_FIELD_RULE_CRD)) {
      assertThat(in).as("%s on the test classpath (crds test-jar)", UNTYPED_FIELD_RULE_CRD).isNotNull();
      Files.copy(in, crdFile);
    }
    KubernetesClientException server;
    try (KubernetesClient client = plane.adminClient()) {
      CustomResourceDefinition crd = client.getKubernetesSerialization()
          .unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
      server = catchThrowableOfType(() -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create(),
          KubernetesClientException.class);
    }
    InvalidCrdException validator = catchThrowableOfType(() -> CrdSchemaRegistry.load(crdFile),
        InvalidCrdException.class);

    // one schema for all versions: the server reports it at spec.validation
    String rule = "spec.validation.openAPIV3Schema.properties[spec].properties[filter].x-kubernetes-validations[0].rule";
    assertThat(server).as("the server's answer to a rule over an untyped field").isNotNull();
    assertThat(server.getCode()).as(server.getMessage()).isEqualTo(422);
    assertThat(server.getStatus().getDetails().getCauses()).as(server.getMessage()).anySatisfy(cause -> {
      assertThat(cause.getField()).isEqualTo(rule);
      assertThat(cause.getMessage()).contains(UNTYPED_FIELD_COMPILE_ERROR);
    });
    assertThat(validator).as("the validator's answer to a rule over an untyped field").isNotNull();
    assertThat(validator.errors()).as(validator.getMessage()).anySatisfy(error -> {
      assertThat(error.path()).isEqualTo(rule);
      assertThat(error.message()).contains(UNTYPED_FIELD_COMPILE_ERROR);
    });
  }

  private static List<String> messagesAt(List<SchemaError> errors, String path) {
    return errors.stream().filter(error -> error.path().equals(path)).map(SchemaError::message).toList();
  }

  private static List<String> messagesAt(ServerAnswer answer, String field) {
    return answer.errors().stream().filter(error -> error.field().equals(field))
        .map(ServerAnswer.FieldError::message).toList();
  }

  private static ServerAnswer create(LocalControlPlane plane, JsonNode object, TestNamespace namespace) {
    try (KubernetesClient client = plane.adminClient()) {
      return new StrictCreate(client).create(object, namespace.name());
    }
  }
}
