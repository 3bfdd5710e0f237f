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
    String record = "{\"id\": 7, \"records\": 1}";
    IngestBatch batch = parse(" " + record + "\n", "id");
    assertThat(batch.records()).containsExactly(new IngestBatch.Record(record, record.length(), "7"));
  }

  @Test
  void recordsAloneIsABatch() throws IngestRejection {
    IngestBatch batch = parse("{\"records\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}", "id");
    assertThat(batch.records()).extracting(IngestBatch.Record::json).containsExactly("{\"id\": \"a\"}", "{\"id\": \"b\"}");
    assertThat(batch.records()).extracting(IngestBatch.Record::key).containsExactly("a", "b");
    assertThat(parse("{\"records\": []}", "id").records()).isEmpty();
  }

  @Test
  void withoutAKeyFieldRecordsHaveNoKey() throws IngestRejection {
    assertThat(parse("{\"x\": 1}", null).records()).extracting(IngestBatch.Record::key).containsExactly((String) null);
  }

  @Test
  void eachRecordIsItsOwnBytesAndANumberKeyItsOwnText() throws IngestRejection {
    String record = "{ \"id\" : 1.50, \"v\": 12345678901234567890.123, \"w\": 1e400, \"t\": \"\u00e9\\u00e9\" }";
    IngestBatch batch = parse("{\"records\": [" + record + "]}", "id");
    assertThat(batch.records()).containsExactly(new IngestBatch.Record(record,
        record.getBytes(StandardCharsets.UTF_8).length, "1.50"));
  }

  @Test
  void aRepeatedRecordsFieldSendsTheListThatWasChecked() throws IngestRejection {
    // the tree keeps the last "records"; sending the first would skip maxBatch and the key checks
    IngestBatch batch = parse("{\"records\": [1, {\"x\": 1}, {\"id\":1}, {\"id\":2}, {\"id\":3}],"
        + " \"records\": [{\"id\": 4}]}", "id");
    assertThat(batch.records()).extracting(IngestBatch.Record::json).containsExactly("{\"id\": 4}");
  }

  @Test
  void aBodyThatIsNotUtf8IsABadRequest() {
    IngestRejection utf16 = catchThrowableOfType(IngestRejection.class,
        () -> IngestBatch.parse("{\"id\": 1}".getBytes(StandardCharsets.UTF_16), 3, "id"));
    assertThat(utf16.status()).isEqualTo(400);
    assertThat(utf16.getMessage()).isEqualTo("the body is not UTF-8; send JSON in UTF-8");
    // an overlong encoding of "/" inside a string
    byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    IngestRejection bad = catchThrowableOfType(IngestRejection.class, () -> IngestBatch.parse(overlong, 3, null));
    assertThat(bad.status()).isEqualTo(400);
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

  // the payments API's shapes: {"payments": [...], "correlation_id": "..."} at /payments/batch,
  // one payment at /payments/single
  private static final IngestBatch.Shape PAYMENTS_BATCH =
      new IngestBatch.Shape("payments", "correlation_id", "/payments/single");

  private static IngestBatch parseAs(String body, IngestBatch.Shape shape) throws IngestRejection {
    return IngestBatch.parse(body.getBytes(StandardCharsets.UTF_8), shape, 3, "payment_id");
  }

  @Test
  void aConfiguredRecordsFieldIsTheBatchAndEachRecordKeepsItsBytes() throws IngestRejection {
    String first = "{\n  \"payment_id\": \"TEST-001\",\n  \"amount\": 99.990 }";
    String second = "{\"payment_id\":7,\"amount\":1e2}";
    IngestBatch batch = parseAs("{\"correlation_id\": \"c-1\", \"payments\": [" + first + " , " + second + "]}",
        PAYMENTS_BATCH);
    assertThat(batch.records()).containsExactly(new IngestBatch.Record(first, first.length(), "TEST-001"),
        new IngestBatch.Record(second, second.length(), "7"));
    assertThat(batch.correlationId()).isEqualTo("c-1");
    assertThat(parseAs("{\"payments\": [], \"correlation_id\": null}", PAYMENTS_BATCH).correlationId()).isNull();
  }

  @Test
  void anUnknownFieldBesideTheRecordsIsNamed() {
    // it was taken as one record, refused with "record 0 has no key field" (or, without a key, sent whole)
    IngestRejection bad = catchThrowableOfType(IngestRejection.class,
        () -> parseAs("{\"payments\": [{\"payment_id\": \"p\"}], \"batch_note\": \"x\"}", PAYMENTS_BATCH));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.getMessage()).isEqualTo("unknown top-level field \"batch_note\" next to \"payments\"; send "
        + "{\"payments\": [...], \"correlation_id\": \"...\"} (one record: POST it to /payments/single)");
    IngestRejection defaults = catchThrowableOfType(IngestRejection.class,
        () -> IngestBatch.parse("{\"records\": [{\"id\": 1}], \"id\": 2}".getBytes(StandardCharsets.UTF_8), 3, null));
    assertThat(defaults.getMessage())
        .isEqualTo("unknown top-level field \"id\" next to \"records\"; send one JSON object or {\"records\": [...]}");
  }

  @Test
  void withASinglePathTheBatchPathTakesBatchesOnly() {
    IngestRejection bad = catchThrowableOfType(IngestRejection.class,
        () -> parseAs("{\"payment_id\": \"p\", \"amount\": 1}", PAYMENTS_BATCH));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.getMessage()).isEqualTo("the body has no \"payments\" field; send "
        + "{\"payments\": [...], \"correlation_id\": \"...\"} (one record: POST it to /payments/single)");
    IngestRejection notAList = catchThrowableOfType(IngestRejection.class,
        () -> parseAs("{\"payments\": {\"payment_id\": \"p\"}}", PAYMENTS_BATCH));
    assertThat(notAList.getMessage()).isEqualTo("\"payments\" is not a list");
    IngestRejection badId = catchThrowableOfType(IngestRejection.class,
        () -> parseAs("{\"payments\": [], \"correlation_id\": 42}", PAYMENTS_BATCH));
    assertThat(badId.getMessage()).isEqualTo("\"correlation_id\" is not a text; send the correlation id as a string");
  }

  @Test
  void withoutASinglePathTheBatchPathTakesOneRecordToo() throws IngestRejection {
    IngestBatch.Shape shape = new IngestBatch.Shape("payments", null, null);
    String record = "{\"payment_id\": \"p\", \"records\": [1]}";
    assertThat(parseAs(record, shape).records()).containsExactly(new IngestBatch.Record(record, record.length(), "p"));
  }

  @Test
  void theSinglePathTakesTheBodyAsOneRecordWhateverItsFields() throws IngestRejection {
    String record = "{\"payment_id\": \"p\", \"payments\": [{\"payment_id\": \"q\"}]}";
    assertThat(parseAs(record, IngestBatch.Shape.single()).records())
        .containsExactly(new IngestBatch.Record(record, record.length(), "p"));
    IngestRejection list = catchThrowableOfType(IngestRejection.class,
        () -> parseAs("[{\"payment_id\": \"p\"}]", IngestBatch.Shape.single()));
    assertThat(list.getMessage()).isEqualTo("the body is not a JSON object; send one JSON object");
  }
}
