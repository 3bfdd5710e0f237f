package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonContentTypeTest {
  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;Charset=\"UTF-8\"",
      "application/json;charset=utf8", "application/vnd.api+json", "application/problem+json; charset=UTF-8", " "})
  void jsonInUtf8IsTaken(String type) {
    assertThat(JsonContentType.problem(type)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", "text/json+x",
      "multipart/form-data; boundary=x", "json"})
  void otherTypesAreRefusedNamingTheType(String type) {
    assertThat(JsonContentType.problem(type)).isEqualTo("Content-Type \"" + type + "\" is not JSON; send application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json; charset=iso-8859-1", "application/json; charset=utf-16"})
  void anotherCharsetIsRefused(String type) {
    assertThat(JsonContentType.problem(type)).isEqualTo("Content-Type \"" + type
        + "\": the body must be UTF-8; send application/json (charset=utf-8 or none)");
  }

  @org.junit.jupiter.api.Test
  void noTypeIsTakenAndAHugeOneIsQuotedShort() {
    assertThat(JsonContentType.problem(null)).isNull();
    assertThat(JsonContentType.problem("x".repeat(10_000) + "\u0007")).hasSizeLessThan(200)
        .startsWith("Content-Type \"xxxx").contains("...\" is not JSON");
  }
}
