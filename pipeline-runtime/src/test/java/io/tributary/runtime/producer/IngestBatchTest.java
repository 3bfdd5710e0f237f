package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestBatchTest {
  private static IngestBatch parse(String body, String key) throws IngestRejection {
    return IngestBatch.parse(body.getBytes(StandardCharsets.UTF_8), 3, key);
  }

  @Test
  void oneObjectIsOneRecord() throws IngestRejection {
    IngestBatch batch = parse("{\"id\": 7, \"records\": 1}", "id");
    assertThat(batch.records()).hasSize(1);
    assertThat(batch.keys()).containsExactly("7");
  }

  @Test
  void recordsAloneIsABatch() throws IngestRejection {
    IngestBatch batch = parse("{\"records\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}", "id");
    assertThat(batch.records()).extracting(r -> r.get("id").asText()).containsExactly("a", "b");
    assertThat(batch.keys()).containsExactly("a", "b");
    assertThat(parse("{\"records\": []}", "id").records()).isEmpty();
  }

  @Test
  void withoutAKeyFieldRecordsHaveNoKey() throws IngestRejection {
    assertThat(parse("{\"x\": 1}", null).keys()).containsExactly((String) null);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"records\": [{\"id\": 1}, 5, {\"id\": 2}]}  | 400 | 1 | record 1 is not a JSON object",
      "{\"records\": [{\"id\": 1}, {\"x\": 2}]}      | 400 | 1 | record 1 has no key field \"id\"",
      "{\"records\": [{\"id\": null}]}               | 400 | 0 | record 0 has no key field \"id\"",
      "{\"id\": {\"a\": 1}}                           | 400 | 0 | record 0: key field \"id\" is an object, not a text, number or boolean",
      "{\"records\": [{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]} | 413 | | the batch has 4 records; at most 3 are allowed (maxBatch)",
      "{\"records\": {\"id\": 1}}                    | 400 | | \"records\" is not a list",
      "[{\"id\": 1}]                                 | 400 | | the body is not a JSON object; send one JSON object or {\"records\": [...]}",
      "''                                            | 400 | | the body is empty; send one JSON object or {\"records\": [...]}"})
  void refusesNamingTheRecord(String body, int status, Integer index, String message) {
    IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> parse(body, "id"));
    assertThat(rejection.status()).isEqualTo(status);
    assertThat(rejection.recordIndex()).isEqualTo(index);
    assertThat(rejection.getMessage()).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"{\"id\": 1", "{\"id\": 1} {\"id\": 2}", "{id: 1}"})
  void brokenJsonIsABadRequest(String body) {
    IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> parse(body, "id"));
    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.getMessage()).startsWith("the body is not valid JSON: ");
  }
}
