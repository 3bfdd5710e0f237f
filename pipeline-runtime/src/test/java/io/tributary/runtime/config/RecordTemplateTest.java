package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordTemplateTest {
  private static final JsonNode RECORD = ExampleConfigs.parse(
      "{\"symbol\": \"AAPL\", \"n\": 42, \"price\": 1.5, \"ok\": true, \"nested\": {\"a\": 1},"
          + " \"list\": [1], \"none\": null}");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "market_data:{symbol}:latest | market_data:AAPL:latest",
      "{symbol}                    | AAPL",
      "calls:stats                 | calls:stats",
      "{symbol}-{n}-{price}-{ok}   | AAPL-42-1.5-true",
      "{symbol}{symbol}            | AAPLAAPL"})
  void replacesPlaceholdersWithTopLevelFieldValues(String template, String expected) {
    assertThat(RecordTemplate.compile(template).resolve(RECORD)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "k:{missing}  | missing  | cannot resolve \"k:{missing}\": the record has no field \"missing\"",
      "k:{none}     | none     | cannot resolve \"k:{none}\": the record has no field \"none\"",
      "k:{nested}   | nested   | cannot resolve \"k:{nested}\": field \"nested\" is an object, not a text, number or boolean",
      "k:{list}     | list     | cannot resolve \"k:{list}\": field \"list\" is an array, not a text, number or boolean"})
  void aRecordWithoutTheFieldIsAnErrorNamingIt(String template, String field, String message) {
    assertThatThrownBy(() -> RecordTemplate.compile(template).resolve(RECORD))
        .isInstanceOfSatisfying(RecordTemplate.MissingFieldException.class,
            e -> assertThat(e.field()).isEqualTo(field))
        .hasMessage(message);
  }

  @Test
  void aRecordThatIsNoObjectCannotFillAPlaceholder() {
    assertThatThrownBy(() -> RecordTemplate.compile("k:{id}").resolve(ExampleConfigs.parse("[1]")))
        .isInstanceOf(RecordTemplate.MissingFieldException.class)
        .hasMessage("cannot resolve \"k:{id}\": the record is not a JSON object");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "k:{symbol     | \"k:{symbol\" has an unclosed '{' at position 2",
      "k:{a{b}       | \"k:{a{b}\" has an unclosed '{' at position 2",
      "k:symbol}     | \"k:symbol}\" has an unmatched '}' at position 8",
      "k:{}          | \"k:{}\" has an empty placeholder {} at position 2"})
  void refusesUnbalancedOrEmptyBraces(String template, String message) {
    assertThatThrownBy(() -> RecordTemplate.compile(template))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThat(RecordTemplate.syntaxError(template)).isEqualTo(message);
  }

  @Test
  void listsItsFields() {
    RecordTemplate template = RecordTemplate.compile("a:{x}:{y}");
    assertThat(template.fields()).containsExactly("x", "y");
    assertThat(template.isConstant()).isFalse();
    assertThat(RecordTemplate.compile("plain").isConstant()).isTrue();
  }
}
