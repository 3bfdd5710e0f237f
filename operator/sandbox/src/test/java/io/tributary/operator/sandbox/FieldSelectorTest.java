package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kubectl describe's Events query, answered by the sandbox's API. */
class FieldSelectorTest {
  @Test
  void theEventsOfOneObjectAreKeptAndTheParameterIsRemovedFromThePath() {
    FieldSelector selector = FieldSelector.of("/api/v1/namespaces/default/events?"
        + "fieldSelector=involvedObject.name%3Dcache-writer%2CinvolvedObject.kind%3DWorker%2Creason%21%3DNoise&limit=500").orElseThrow();

    assertThat(selector.pathWithout()).isEqualTo("/api/v1/namespaces/default/events?limit=500");
    String body = """
        {"kind": "List", "items": [
          {"kind": "Event", "metadata": {"name": "a"}, "reason": "Scaled", "involvedObject": {"kind": "Worker", "name": "cache-writer"}},
          {"metadata": {"name": "b"}, "reason": "Noise", "involvedObject": {"kind": "Worker", "name": "cache-writer"}},
          {"metadata": {"name": "c"}, "reason": "Scaled", "involvedObject": {"kind": "Worker", "name": "other"}},
          {"metadata": {"name": "d"}, "reason": "Scaled", "involvedObject": {"kind": "Pipeline", "name": "cache-writer"}}]}
        """;
    assertThat(selector.filter(body).orElseThrow()).contains("\"kind\":\"EventList\"").contains("\"name\":\"a\"")
        .doesNotContain("\"name\":\"b\"").doesNotContain("\"name\":\"c\"").doesNotContain("\"name\":\"d\"");
  }

  @Test
  void noSelectorNoFiltering() {
    assertThat(FieldSelector.of("/api/v1/namespaces/default/events?limit=500")).isEmpty();
    assertThat(FieldSelector.of("/api/v1/namespaces/default/events")).isEmpty();
    assertThat(FieldSelector.of("/api/v1/pods?fieldSelector=")).isEmpty();
  }
}
