package io.tributary.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator behaves like the API server on the structural-schema features CRDs use. */
class CrdSchemaValidatorTest {

  private static final CrdSchemaValidator PROBE = CrdSchemaValidator.forCrd(resource("probe.crd.yaml"));

  private static Path resource(String name) {
    try {
      return Path.of(CrdSchemaValidatorTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<SchemaError> validate(String spec) {
    return PROBE.validate(YamlDocuments.readOne("""
        apiVersion: test.tributary.io/v1
        kind: Probe
        metadata: {name: p, namespace: default, labels: {a: b}}
        spec:
        """ + spec.indent(2)));
  }

  private static void assertValid(String spec) {
    List<SchemaError> errors = validate(spec);
    assertThat(errors).as(CrdSchemaValidator.format(errors)).isEmpty();
  }

  private static void assertRefused(String spec, String path, String message) {
    List<SchemaError> errors = validate(spec);
    assertThat(errors).as(CrdSchemaValidator.format(errors)).anySatisfy(error -> {
      assertThat(error.path()).isEqualTo(path);
      assertThat(error.message()).contains(message);
    });
  }

  @Test
  void aMinimalObjectIsValid() {
    assertValid("name: abc");
  }

  @Test
  void requiredTypeAndLength() {
    assertRefused("nickname: x", "spec.name", "Required value");
    assertRefused("name: 12", "spec.name", "must be of type string");
    assertRefused("name: abcdefg", "spec.name", "Too long: may not be more than 5");
    assertRefused("{name: a, maxWeight: 1.5}", "spec.maxWeight", "must be of type integer");
  }

  @Test
  void integersAreNumbersButNotTheOtherWayRound() {
    assertValid("{name: a, ratio: 1}");
    assertValid("{name: a, ratio: 0.5}");
  }

  @Test
  void nullIsAcceptedOnlyWhereNullable() {
    assertValid("{name: a, comment: null}");
    // a null non-nullable field without default is dropped, as the API server prunes it
    assertValid("{name: a, nickname: null}");
    assertRefused("{name: null}", "spec.name", "Required value");
  }

  @Test
  void intOrString() {
    assertValid("{name: a, port: 8080}");
    assertValid("{name: a, port: metrics}");
    assertRefused("{name: a, port: true}", "spec.port", "must be of type integer or string");
  }

  @Test
  void unknownFieldsAreErrorsExceptWherePreserved() {
    assertRefused("{name: a, colour: red}", "spec.colour", "unknown field \"spec.colour\"");
    assertValid("{name: a, free: {known: 1, whatever: {deep: [1, 2]}}}");
    assertRefused("{name: a, free: {known: x}}", "spec.free.known", "must be of type integer");
    assertValid("{name: a, anything: 42}");
    assertValid("{name: a, anything: [x, {y: 1}]}");
    assertRefused("{name: a, labels: {team: 7}}", "spec.labels.team", "must be of type string");
    List<SchemaError> errors = PROBE.validate(YamlDocuments.readOne("""
        apiVersion: test.tributary.io/v1
        kind: Probe
        metadata: {name: p, colour: red}
        spec: {name: a}
        """));
    assertThat(errors).extracting(SchemaError::path).containsExactly("metadata.colour");
  }

  @Test
  void embeddedResourcesCarryTheirOwnHeader() {
    assertValid("{name: a, template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {k: v}}}");
    assertValid("{name: a, strictTemplate: {apiVersion: v1, kind: Thing, metadata: {labels: {a: b}}, spec: {size: 1}}}");
    assertRefused("{name: a, strictTemplate: {kind: Thing, spec: {size: 1, extra: 2}}}",
        "spec.strictTemplate.spec.extra", "unknown field");
    assertRefused("{name: a, strictTemplate: {metadata: {nme: x}}}", "spec.strictTemplate.metadata.nme", "unknown field");
  }

  @Test
  void listTypes() {
    assertRefused("{name: a, tags: [x, y, x]}", "spec.tags[2]", "Duplicate value: \"x\"");
    assertRefused("{name: a, items: [{id: a}, {id: a}]}", "spec.items[1]", "Duplicate value");
    assertRefused("{name: a, items: [{weight: 1}]}", "spec.items[0].id", "Required value");
  }

  @Test
  void celRulesSeeDefaultsAndReportTheirMessage() {
    // maxWeight defaults to 10 and weight to 1 before the rules run
    assertValid("{name: a, items: [{id: a}, {id: b, weight: 10}]}");
    assertRefused("{name: a, items: [{id: a, weight: 11}]}", "spec", "every weight must be at most 10");
    assertRefused("{name: a, maxWeight: 3, items: [{id: a, weight: 4}]}", "spec", "every weight must be at most 3");
    assertRefused("{name: a, items: [{id: a, weight: 6}, {id: b, weight: 7}]}", "spec.items", "at most one heavy item");
  }

  @Test
  void celRulesAreNotEvaluatedWhenTheSchemaAlreadyRefusesTheShape() {
    // the weight breaks a rule, but name is missing: the server stops before the rules and says so
    List<SchemaError> errors = validate("{nickname: x, items: [{id: a, weight: 11}]}");

    assertThat(errors).as(CrdSchemaValidator.format(errors)).containsExactlyInAnyOrder(
        new SchemaError("spec.name", "Required value"),
        new SchemaError("<nil>", CrdSchemaValidator.RULES_NOT_CHECKED));
  }

  @Test
  void aDuplicateDoesNotKeepTheRulesFromRunning() {
    assertRefused("{name: a, tags: [x, x], items: [{id: a, weight: 11}]}", "spec", "every weight must be at most 10");
  }

  @Test
  void unknownFieldsAreTheOnlyErrorsBecauseTheServerStopsDecoding() {
    List<SchemaError> errors = validate("{colour: red, items: [{id: a, weight: 11}]}");

    assertThat(errors).extracting(SchemaError::path).containsExactly("spec.colour");
  }

  @Test
  void celFieldPathNamesTheField() {
    assertValid("{name: ab, nickname: abby}");
    assertRefused("{name: ab, nickname: bob}", "spec.nickname", "nickname must start with name");
  }

  @Test
  void transitionRulesDoNotApplyOnCreate() {
    assertThat(validate("name: abc")).extracting(SchemaError::message).noneMatch(m -> m.contains("immutable"));
  }

  @Test
  void wrongApiVersionOrKindIsReported() {
    List<SchemaError> errors = PROBE.validate(YamlDocuments.readOne("""
        apiVersion: test.tributary.io/v2
        kind: Probe
        metadata: {name: p}
        spec: {name: a}
        """));
    assertThat(errors).extracting(SchemaError::path).containsExactly("apiVersion");
  }
}
