package io.tributary.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CRD whose CEL rules do not compile against its schema's types is refused when it is loaded, as
 * the API server refuses to create it; rules over typed fields load.
 */
class CelRuleTypeCheckTest {

  private static final String RULES_PATH =
      "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0]";

  @TempDir
  Path dir;

  @Test
  void aRuleNamingAFieldWithoutSchemaTypeIsRefused() throws URISyntaxException {
    Path crd = Path.of(getClass().getResource("untyped-field-rule.crd.yaml").toURI());

    InvalidCrdException refused = catchThrowableOfType(() -> CrdSchemaRegistry.load(crd), InvalidCrdException.class);

    assertThat(refused).as("loading %s", crd).isNotNull();
    assertThat(refused.errors()).singleElement().satisfies(error -> {
      assertThat(error.path()).isEqualTo("spec.validation.openAPIV3Schema.properties[spec]"
          + ".properties[filter].x-kubernetes-validations[0].rule");
      assertThat(error.message()).contains("compilation failed: ERROR: <input>:1:27: undefined field 'value'");
    });
  }

  static Stream<Arguments> refusedRules() {
    return Stream.of(
        Arguments.of("a field of a preserve-unknown-fields object without properties",
            "{type: object, properties: {free: {type: object, x-kubernetes-preserve-unknown-fields: true}}}",
            "has(self.free.anything)", "undefined field 'anything'"),
        Arguments.of("a field the schema does not declare", "{type: object, properties: {a: {type: string}}}",
            "has(self.b)", "undefined field 'b'"),
        Arguments.of("a CEL keyword by its plain name", "{type: object, properties: {namespace: {type: string}}}",
            "self.namespace == 'x'", "undefined field 'namespace'"),
        Arguments.of("a comparison of a string with a number", "{type: object, properties: {a: {type: string}}}",
            "self.a > 1", "found no matching overload"),
        Arguments.of("a rule that is no bool", "{type: object, properties: {a: {type: string}}}",
            "self.a", "must evaluate to a bool"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRules")
  void aRuleTheServerCannotCompileIsRefused(String what, String spec, String rule, String reason) throws IOException {
    InvalidCrdException refused = catchThrowableOfType(() -> CrdSchemaRegistry.load(crd(spec, rule)),
        InvalidCrdException.class);

    assertThat(refused).as(what).isNotNull();
    assertThat(refused.errors()).singleElement().satisfies(error -> {
      assertThat(error.path()).isEqualTo(RULES_PATH + ".rule");
      assertThat(error.message()).contains(reason);
    });
  }

  static Stream<Arguments> acceptedRules() {
    return Stream.of(
        Arguments.of("has() of a typed field", "{type: object, properties: {a: {type: string}}}", "has(self.a)"),
        Arguments.of("a CEL keyword by its escaped name", "{type: object, properties: {namespace: {type: string}}}",
            "self.__namespace__ == 'x'"),
        Arguments.of("a dashed name escaped", "{type: object, properties: {max-size: {type: integer}}}",
            "self.max__dash__size > 0"),
        Arguments.of("list items and map values", "{type: object, properties: {l: {type: array, items: {type: object,"
            + " properties: {n: {type: string}}}}, m: {type: object, additionalProperties: {type: integer}}}}",
            "self.l.all(i, i.n != '') && self.m.all(k, self.m[k] > 0)"),
        Arguments.of("int-or-string is dyn", "{type: object, properties: {p: {x-kubernetes-int-or-string: true}}}",
            "self.p == 1 || self.p == 'metrics'"),
        Arguments.of("a library function this CEL lacks is left to the server",
            "{type: object, properties: {id: {type: string}}}", "!format.uuid().validate(self.id).hasValue()"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedRules")
  void aRuleOverTypedFieldsLoads(String what, String spec, String rule) throws IOException {
    Path crd = crd(spec, rule);

    assertThatCode(() -> CrdSchemaRegistry.load(crd)).as(what).doesNotThrowAnyException();
  }

  @Test
  void theResourceRootHasApiVersionKindAndMetadataName() throws IOException {
    Path crd = crd("{type: object}", "true", "self.metadata.name.startsWith(self.kind.lowerAscii())");

    assertThatCode(() -> CrdSchemaRegistry.load(crd)).doesNotThrowAnyException();
  }

  private Path crd(String spec, String rule) throws IOException {
    return crd(spec, rule, "true");
  }

  private Path crd(String spec, String specRule, String rootRule) throws IOException {
    Path file = dir.resolve("crd-" + System.nanoTime() + ".yaml");
    Files.writeString(file, """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: checks.test.tributary.io}
        spec:
          group: test.tributary.io
          names: {kind: Check, plural: checks}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  x-kubernetes-validations: [{rule: %s}]
                  properties:
                    spec:
                      allOf: []
        """.formatted(quote(rootRule)).replace("allOf: []", spec.replaceFirst("^\\{", "{x-kubernetes-validations: [{rule: "
        + quote(specRule) + "}], ")));
    return file;
  }

  private static String quote(String rule) {
    return "\"" + rule.replace("\"", "\\\"") + "\"";
  }
}
