package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limits of the numbers in records, at their edges, for JSON numbers and numeric texts. */
class RecordNumbersTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"n\": 12}                        | 12",
      "{\"n\": -0.5}                      | -0.5",
      "{\"n\": 1.7976931348623157e308}    | 1.7976931348623157E+308",
      "{\"n\": 4.9e-324}                  | 4.9E-324",
      "{\"n\": 1e-1000000}                | 0",
      "{\"n\": \" 2.5 \"}                 | 2.5",
      "{\"n\": \"-1.7976931348623157e308\"} | -1.7976931348623157E+308",
      "{\"n\": \"1e-324\"}                | 1E-324",
      "{\"n\": \"0e-1000000\"}            | 0",
      "{\"n\": 123456789012345678901234567890} | 123456789012345678901234567890"})
  void acceptsNumbersWithinTheLimits(String record, String expected) {
    assertThat(RecordNumbers.read(ExampleConfigs.parse(record).get("n"))).isEqualByComparingTo(new BigDecimal(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"n\": 1e400}                 | a number beyond ±1.7976931348623157E+308 (read as Infinity)",
      "{\"n\": -1e400}                | a number beyond ±1.7976931348623157E+308 (read as -Infinity)",
      "{\"n\": \"1.7976931348623159e308\"} | \"1.7976931348623159e308\" is larger than 1.7976931348623157E+308, the largest number accepted",
      "{\"n\": \"1e999999999\"}       | \"1e999999999\" is larger than 1.7976931348623157E+308, the largest number accepted",
      "{\"n\": \"9e-325\"}            | \"9e-325\" is closer to 0 than 1E-324, the smallest number other than 0 accepted",
      "{\"n\": \"1e99999999999\"}     | \"1e99999999999\" has an exponent beyond any number accepted"})
  void refusesNumbersBeyondThem(String record, String message) {
    assertThatThrownBy(() -> RecordNumbers.read(ExampleConfigs.parse(record).get("n")))
        .isInstanceOf(RecordNumbers.OutOfRangeException.class)
        .hasMessage(message);
  }

  @Test
  void limitsDigitsAndTextLengthBeforeAnyArithmetic() {
    assertThat(RecordNumbers.read(NODES.textNode("1".repeat(100)))).hasToString("1".repeat(100));
    assertThatThrownBy(() -> RecordNumbers.read(NODES.textNode("1".repeat(101))))
        .hasMessageEndingWith(" has 101 significant digits; at most 100 are accepted");
    assertThatThrownBy(() -> RecordNumbers.read(NODES.textNode("0".repeat(1000) + "1")))
        .hasMessageEndingWith(" has 1001 characters; a number may have at most 1000");
    assertThat(RecordNumbers.read(NODES.textNode("x".repeat(2000)))).as("a long text that is no number").isNull();
  }

  @Test
  void whatIsNoNumberIsNull() {
    assertThat(RecordNumbers.read(null)).isNull();
    assertThat(RecordNumbers.read(NODES.textNode("12 apples"))).isNull();
    assertThat(RecordNumbers.read(NODES.booleanNode(true))).isNull();
    assertThat(RecordNumbers.read(NODES.nullNode())).isNull();
    assertThat(RecordNumbers.read(NODES.arrayNode().add(1))).isNull();
  }
}
