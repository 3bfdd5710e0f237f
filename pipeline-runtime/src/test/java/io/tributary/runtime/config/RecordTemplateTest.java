package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

  private static ObjectNode record(String field, String value) {
    return JsonNodeFactory.instance.objectNode().put(field, value);
  }

  static Stream<Arguments> unsafeValues() {
    return Stream.of(
        Arguments.of("price:{symbol}", "", "field \"symbol\" holds \"\", an empty value"),
        Arguments.of("price:{symbol}", "a*",
            "field \"symbol\" holds \"a*\", which has '*' (a Redis glob character) at position 1"),
        Arguments.of("price:{symbol}:latest", "?",
            "field \"symbol\" holds \"?\", which has '?' (a Redis glob character) at position 0"),
        Arguments.of("price:{symbol}", "[ab]",
            "field \"symbol\" holds \"[ab]\", which has '[' (a Redis glob character) at position 0"),
        Arguments.of("price:{symbol}", "ab]",
            "field \"symbol\" holds \"ab]\", which has ']' (a Redis glob character) at position 2"),
        Arguments.of("price:{symbol}", "a\\*",
            "field \"symbol\" holds \"a\\\\*\", which has '\\' (a Redis glob character) at position 1"),
        Arguments.of("price:{symbol}", "x\nSET y",
            "field \"symbol\" holds \"x\\nSET y\", which has a control character (\\n) at position 1"),
        Arguments.of("{symbol}", "x\r\n",
            "field \"symbol\" holds \"x\\r\\n\", which has a control character (\\r) at position 1"),
        Arguments.of("k:{symbol}:v", "nul\u0000",
            "field \"symbol\" holds \"nul\\u0000\", which has a control character (\\u0000) at position 3"),
        Arguments.of("k:{symbol}:v", "del\u007f",
            "field \"symbol\" holds \"del\\u007f\", which has a control character (\\u007f) at position 3"),
        Arguments.of("k:{symbol}:v", "c1\u0085",
            "field \"symbol\" holds \"c1\\u0085\", which has a control character (\\u0085) at position 2"),
        Arguments.of("k:{symbol}:v", "ls\u2028",
            "field \"symbol\" holds \"ls\\u2028\", which has a control character (\\u2028) at position 2"),
        Arguments.of("price:{symbol}", "a:b",
            "field \"symbol\" holds \"a:b\", which has the separator ':' at position 1"
                + " (the placeholder ends the template, so the value must be one segment)"),
        Arguments.of("files/{name}", "../etc",
            "field \"name\" holds \"../etc\", which has the separator '/' at position 2"
                + " (the placeholder ends the template, so the value must be one segment)"),
        Arguments.of("k:{symbol}", "x".repeat(257),
            "field \"symbol\" holds \"" + "x".repeat(40) + "...(257 characters)\", longer than 256 bytes"
                + " (257 bytes of UTF-8)"),
        // 86 characters, but 258 bytes: the bound is on bytes
        Arguments.of("k:{symbol}", "\u20ac".repeat(86),
            "field \"symbol\" holds \"" + "\u20ac".repeat(40) + "...(86 characters)\", longer than 256 bytes"
                + " (258 bytes of UTF-8)"));
  }

  @ParameterizedTest
  @MethodSource("unsafeValues")
  void aValueThatWouldLeaveItsSegmentIsARecordErrorNamingTemplateFieldAndWhy(
      String template, String value, String reason) {
    assertThatThrownBy(() -> RecordTemplate.compile(template).resolve(record("symbol", value)
            .put("name", value)))
        .isInstanceOfSatisfying(RecordTemplate.UnsafeValueException.class, e -> {
          assertThat(e.template()).isEqualTo(template);
          assertThat(e.field()).isIn("symbol", "name");
        })
        .isInstanceOf(RecordTemplate.UnresolvedException.class)
        .hasMessage("cannot resolve \"" + template + "\": " + reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the separator only counts where the placeholder ends the template
      "price:{symbol}:latest | a:b        | price:a:b:latest",
      "{symbol}              | a:b        | a:b",
      "price-{symbol}        | BRK-B      | price-BRK-B",
      "price_{symbol}        | a_b        | price_a_b",
      "price:{symbol}        | a.b/c-d_e  | price:a.b/c-d_e",
      "files/{symbol}        | a:b        | files/a:b",
      "price:{symbol}        | Zürich €   | price:Zürich €",
      "price:{symbol}        | 😀         | price:😀"})
  void aSafeValueFillsItsPlaceholder(String template, String value, String expected) {
    assertThat(RecordTemplate.compile(template).resolve(record("symbol", value))).isEqualTo(expected);
  }

  @Test
  void numbersAndBooleansAreCheckedAsTheirText() {
    assertThat(RecordTemplate.compile("p:{n}").resolve(ExampleConfigs.parse("{\"n\": -1.5}"))).isEqualTo("p:-1.5");
    assertThatThrownBy(() -> RecordTemplate.compile("p.{n}").resolve(ExampleConfigs.parse("{\"n\": 1.5}")))
        .isInstanceOf(RecordTemplate.UnsafeValueException.class)
        .hasMessageContaining("which has the separator '.' at position 1");
  }

  @Test
  void theBoundIsConfigurableAndChecked() {
    RecordTemplate small = RecordTemplate.compile("k:{symbol}", 4);
    assertThat(small.maxValueBytes()).isEqualTo(4);
    assertThat(small.resolve(record("symbol", "abcd"))).isEqualTo("k:abcd");
    assertThatThrownBy(() -> small.resolve(record("symbol", "abcde")))
        .isInstanceOf(RecordTemplate.UnsafeValueException.class)
        .hasMessage("cannot resolve \"k:{symbol}\": field \"symbol\" holds \"abcde\", longer than 4 bytes"
            + " (5 bytes of UTF-8)");
    assertThatThrownBy(() -> small.resolve(record("symbol", "ab\u20ac")))
        .hasMessageEndingWith("longer than 4 bytes (5 bytes of UTF-8)");
    assertThat(RecordTemplate.compile("k:{x}").maxValueBytes()).isEqualTo(256);
    assertThat(RecordTemplate.compile("k:{x}", 65536).maxValueBytes()).isEqualTo(65536);
    assertThatThrownBy(() -> RecordTemplate.compile("k:{x}", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the bound on a template value must be between 1 and 65536 bytes, not 0");
    assertThatThrownBy(() -> RecordTemplate.compile("k:{x}", 65537)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(value = {
      "price:{symbol} ~ :", "a/{x} ~ /", "a.{x} ~ .", "a|{x} ~ '|'", "a#{x} ~ #", "a:{x}:{y} ~ :",
      "a={x} ~ =", "a;{x} ~ ;", "a,{x} ~ ','"}, delimiter = '~')
  void theSeparatorIsTheCharacterBeforeATrailingPlaceholder(String template, char separator) {
    assertThat(RecordTemplate.compile(template).separator()).contains(separator);
  }

  @ParameterizedTest
  @CsvSource({"price:{symbol}:latest", "{symbol}", "price-{symbol}", "price_{symbol}", "price{symbol}",
      "plain", "{a}{b}", "p:{a}x"})
  void noSeparatorWhereNoPunctuationPrecedesATrailingPlaceholder(String template) {
    assertThat(RecordTemplate.compile(template).separator()).isEmpty();
  }

  @Provide
  Arbitrary<String> anyText() {
    Arbitrary<String> tricky = Arbitraries.strings()
        .withChars("*?[]\\:/.\n\r\t\u0000\u0085\u2028\u20ac\ud800aZ0-_ ").ofMaxLength(12);
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().ofMinLength(250).ofMaxLength(260);
    return Arbitraries.oneOf(tricky, unicode, plain);
  }

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of("price:{symbol}", "price:{symbol}:latest", "{symbol}", "a/b/{symbol}", "tasks.{symbol}",
        "x-{symbol}", "{symbol}|{symbol}");
  }

  /**
   * Whatever the value, the template either fills with it to a name that stays in its segment, or
   * the record is refused: a name never holds a glob or control character from a value, never a
   * value over the bound, and a trailing value is one segment of the template's separator.
   */
  @Property(tries = 3000, seed = "20261202")
  void anAcceptedValueStaysInItsSegmentAndEveryOtherIsRefused(
      @ForAll("templates") String template, @ForAll("anyText") String value) {
    RecordTemplate compiled = RecordTemplate.compile(template);
    String literal = template.replace("{symbol}", "");
    String resolved;
    try {
      resolved = compiled.resolve(record("symbol", value));
    } catch (RecordTemplate.UnsafeValueException e) {
      assertThat(safe(template, value)).as("refused %s", e.getMessage()).isFalse();
      assertThat(e.getMessage()).startsWith("cannot resolve \"" + template + "\": field \"symbol\" holds \"")
          .doesNotContain("\n", "\r", "\u0000").hasSizeLessThan(400);
      return;
    }
    assertThat(safe(template, value)).as("accepted").isTrue();
    assertThat(resolved).isEqualTo(template.replace("{symbol}", value));
    assertThat(resolved.length() - literal.length()).isLessThanOrEqualTo(
        256 * (template.length() - template.replace("{symbol}", "").length()) / "{symbol}".length());
    if (template.endsWith(":{symbol}")) {
      assertThat(resolved.substring(template.length() - "{symbol}".length())).doesNotContain(":");
    }
  }

  /** The rule of CONFIG.md "Templates", written out again with code points and the encoder. */
  private static boolean safe(String template, String value) {
    if (value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > 256) {
      return false;
    }
    boolean bad = value.codePoints().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == ']' || c == '\\'
        || Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029);
    if (bad) {
      return false;
    }
    if (template.endsWith("{symbol}") && template.length() > "{symbol}".length()) {
      char before = template.charAt(template.length() - "{symbol}".length() - 1);
      if (":/.|#;,=".indexOf(before) >= 0 && value.indexOf(before) >= 0) {
        return false;
      }
    }
    return true;
  }
}
