package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** RFC 7386 as kubectl apply relies on it: lists replaced, nulls removing, objects merged. */
class JsonMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void listsAreReplacedNullsRemoveAndObjectsMerge() throws Exception {
    JsonNode target = JSON.readTree("""
        {"spec": {"processors": [{"log": {}}, {"publish": {"channel": "a"}}], "replicas": 2,
                  "errorPolicy": {"maxAttempts": 3}}, "status": {"lag": 5}}""");
    JsonNode patch = JSON.readTree("""
        {"spec": {"processors": [{"log": {}}, {"publish": {"channel": "a"}}, {"enqueue": {"stream": "s"}}],
                  "errorPolicy": null, "input": {"topic": {"name": "t"}}}}""");

    assertThat(JsonMergePatch.apply(target, patch)).isEqualTo(JSON.readTree("""
        {"spec": {"processors": [{"log": {}}, {"publish": {"channel": "a"}}, {"enqueue": {"stream": "s"}}],
                  "replicas": 2, "input": {"topic": {"name": "t"}}}, "status": {"lag": 5}}"""));
    assertThat(target.path("spec").path("processors")).hasSize(2);
  }

  @Test
  void theRfcsExamples() throws Exception {
    assertThat(JsonMergePatch.apply(JSON.readTree("{\"a\":\"b\"}"), JSON.readTree("{\"a\":\"c\"}")))
        .isEqualTo(JSON.readTree("{\"a\":\"c\"}"));
    assertThat(JsonMergePatch.apply(JSON.readTree("{\"a\":[{\"b\":\"c\"}]}"), JSON.readTree("{\"a\":[1]}")))
        .isEqualTo(JSON.readTree("{\"a\":[1]}"));
    assertThat(JsonMergePatch.apply(JSON.readTree("{\"a\":\"foo\"}"), JSON.readTree("{\"a\":{\"bb\":{\"ccc\":null}}}")))
        .isEqualTo(JSON.readTree("{\"a\":{\"bb\":{}}}"));
    assertThat(JsonMergePatch.apply(JSON.readTree("{\"e\":null}"), JSON.readTree("{\"a\":1}")))
        .isEqualTo(JSON.readTree("{\"e\":null,\"a\":1}"));
    assertThat(JsonMergePatch.apply(JSON.readTree("[1,2]"), JSON.readTree("{\"a\":\"b\",\"c\":null}")))
        .isEqualTo(JSON.readTree("{\"a\":\"b\"}"));
  }
}
