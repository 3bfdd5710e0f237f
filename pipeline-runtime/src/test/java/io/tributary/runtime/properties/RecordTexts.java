package io.tributary.runtime.properties;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Raw record values (the bytes a Kafka record or a stream entry carries) for the property tests:
 * JSON objects over a small pool of field names (so that keys collide, sums add up and dedupe keys
 * repeat) whose values are numbers at the edges — huge, tiny, {@code 1e400}, {@code 1e999999999},
 * {@code -0}, 20-digit decimals, more digits than any limit, numbers as strings — unicode and
 * control characters, unpaired surrogates, empty and huge strings, deep nesting, null and missing
 * fields and duplicate keys; plus values that are no JSON object at all (invalid JSON, invalid
 * UTF-8, arrays, scalars, nothing).
 *
 * <p>Built as text, not as a tree: a tree could not hold {@code 1e400} or a duplicate key.
 */
public final class RecordTexts {
  /** The field names the tested chains and transforms read. */
  public static final List<String> FIELDS = List.of("k", "id", "n", "m", "symbol", "price", "volume", "ts",
      "payment_id", "merchant", "amount", "duration", "name", "sector");

  private RecordTexts() {}

  /** Numbers as JSON number tokens, the edges first. */
  public static Arbitrary<String> numberTokens() {
    Arbitrary<String> edges = Arbitraries.of(
        "0", "-0", "-0.0", "0.0", "0e-1000000", "1", "-1", "0.1", "0.2", "1.50", "100.0", "1e2", "1E+2", "-1e-7",
        "1e400", "-1e400", "1e-400", "1e999999999", "-1e999999999", "1e-999999999", "4.9e-324", "1e-324", "1e-325",
        "1.7976931348623157e308", "1.7976931348623159e308", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "12345678901234567.89", "0.1000000000000000000001", "99999999999999999999.99",
        "1234567890123456789012345678901234567890", "12345678901234567890123456789012345678901",
        "0.0000000000000000000000000000000000000001", "0.00000000000000000000000000000000000000001",
        "1" + "0".repeat(100), "1." + "1".repeat(100), "1" + "2".repeat(1000), "9".repeat(1001));
    Arbitrary<String> twentyDigits = Combinators.combine(
            Arbitraries.strings().numeric().ofLength(20), Arbitraries.integers().between(0, 20), Arbitraries.of("", "-"))
        .as((digits, point, sign) -> sign + decimal(digits, point));
    Arbitrary<String> small = Arbitraries.integers().between(-1000, 1000).map(String::valueOf);
    Arbitrary<String> money = Combinators.combine(Arbitraries.integers().between(-100000, 100000),
        Arbitraries.integers().between(0, 99)).as((units, cents) -> units + "." + (cents < 10 ? "0" : "") + cents);
    Arbitrary<String> exponent = Combinators.combine(Arbitraries.integers().between(1, 99),
        Arbitraries.integers().between(-330, 330)).as((m, e) -> m + "e" + e);
    return Arbitraries.frequencyOf(
        Tuple(4, edges), Tuple(3, twentyDigits), Tuple(4, small), Tuple(4, money), Tuple(1, exponent));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>> Tuple(int weight,
      Arbitrary<? extends T> arbitrary) {
    return (net.jqwik.api.Tuple.Tuple2) net.jqwik.api.Tuple.of(weight, arbitrary);
  }

  private static String decimal(String digits, int point) {
    String intPart = digits.substring(0, digits.length() - point).replaceFirst("^0+(?=.)", "");
    if (intPart.isEmpty()) {
      intPart = "0";
    }
    return point == 0 ? intPart : intPart + "." + digits.substring(digits.length() - point);
  }

  /** JSON string tokens (quoted, escaped where needed), some of them holding numbers. */
  public static Arbitrary<String> stringTokens() {
    Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6).map(RecordTexts::quote);
    Arbitrary<String> pool = Arbitraries.of("A", "B", "ü", "東京", "😀", "a:b", "{x}", " ", "", "null", "true")
        .map(RecordTexts::quote);
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(12).map(RecordTexts::quote);
    Arbitrary<String> escapes = Arbitraries.of("\"\\u0000\"", "\"a\\nb\\t\\r\\b\\f\"", "\"\\u001f\\u007f\"",
        "\"\\\"\\\\\\/\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"x\\udfff\"", "\"\\u2028\\u2029\"",
        "\"\\ufeff\"", "\"\\uffff\"");
    Arbitrary<String> numeric = numberTokens().map(n -> quote(n)).injectDuplicates(0.1);
    Arbitrary<String> spaced = numberTokens().map(n -> quote(" " + n + " "));
    Arbitrary<String> huge = Arbitraries.integers().between(10_000, 200_000).map(n -> quote("x".repeat(n)));
    Arbitrary<String> longNumeric = Arbitraries.of(quote("1".repeat(1001)), quote("1e" + "9".repeat(20)));
    return Arbitraries.frequencyOf(Tuple(4, plain), Tuple(6, pool), Tuple(2, unicode), Tuple(2, escapes),
        Tuple(3, numeric), Tuple(1, spaced), Tuple(1, huge), Tuple(1, longNumeric));
  }

  /** Any JSON value token; {@code depth} limits the nesting of arrays and objects. */
  public static Arbitrary<String> valueTokens(int depth) {
    Arbitrary<String> scalar = Arbitraries.frequencyOf(Tuple(5, numberTokens()), Tuple(5, stringTokens()),
        Tuple(1, Arbitraries.of("null", "true", "false")));
    if (depth <= 0) {
      return scalar;
    }
    Arbitrary<String> array = valueTokens(depth - 1).list().ofMaxSize(3).map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> object = Combinators.combine(
            Arbitraries.of(FIELDS).list().ofMaxSize(3), valueTokens(depth - 1).list().ofSize(3))
        .as((names, values) -> {
          List<String> members = new ArrayList<>();
          for (int i = 0; i < names.size(); i++) {
            members.add(quote(names.get(i)) + ":" + values.get(i));
          }
          return "{" + String.join(",", members) + "}";
        });
    Arbitrary<String> deep = Arbitraries.integers().between(1, 1200).map(d -> "[".repeat(d) + "]".repeat(d));
    return Arbitraries.frequencyOf(Tuple(12, scalar), Tuple(1, array), Tuple(1, object), Tuple(1, deep));
  }

  /** One JSON object: members over {@link #FIELDS} (some repeated: duplicate keys) and a few other names. */
  public static Arbitrary<String> objects() {
    Arbitrary<String> name = Arbitraries.frequencyOf(Tuple(12, Arbitraries.of(FIELDS).map(RecordTexts::quote)),
        Tuple(1, stringTokens()));
    Arbitrary<String> member = Combinators.combine(name, valueTokens(2)).as((n, v) -> n + ":" + v);
    Arbitrary<String> whitespace = Arbitraries.of("", "", "", " ", "\n\t ");
    return Combinators.combine(member.list().ofMaxSize(10), whitespace)
        .as((members, ws) -> "{" + ws + String.join("," + ws, members) + ws + "}");
  }

  /** A record value; shown as text in a property's report. */
  public record Value(byte[] bytes) {
    @Override
    public String toString() {
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.length() > 2000 ? text.substring(0, 2000) + "...(" + text.length() + " chars)" : text;
    }
  }

  /** Record values: mostly JSON objects, some values no worker can read as one. */
  public static Arbitrary<Value> values() {
    return bytes().map(Value::new);
  }

  /** {@link #values()} as bytes. */
  public static Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> object = objects().map(RecordTexts::utf8);
    Arbitrary<byte[]> keyed = keyedObjects().map(RecordTexts::utf8);
    Arbitrary<byte[]> broken = Arbitraries.of("", "{", "{\"k\":}", "[1,2]", "42", "\"text\"", "null",
        "{\"k\":\"A\"} trailing", "{\"k\":\"A\",}", "{'k':'A'}", "{\"k\":NaN}", "{\"k\":Infinity}",
        "{\"k\":\"raw\u0001control\"}", "{\"k\":01}", "{\"k\":1.}", "{\"k\":.5}", "{\"k\":+1}").map(RecordTexts::utf8);
    Arbitrary<byte[]> badUtf8 = Arbitraries.of(
        new byte[] {'{', '"', 'k', '"', ':', '"', (byte) 0xff, '"', '}'},
        new byte[] {'{', '"', 'k', '"', ':', '"', (byte) 0xc3, '"', '}'},
        // CESU-8 / an encoded surrogate: Jackson reads it as an unpaired surrogate
        new byte[] {'{', '"', 'k', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'});
    return Arbitraries.frequencyOf(Tuple(6, object), Tuple(10, keyed), Tuple(1, broken), Tuple(1, badUtf8));
  }

  /**
   * Objects that carry the fields most chains use, with values from small pools most of the time,
   * so that records share keys and most of them get through a chain.
   */
  public static Arbitrary<String> keyedObjects() {
    Arbitrary<String> key = Arbitraries.frequencyOf(Tuple(20, Arbitraries.of("\"A\"", "\"B\"", "\"ü\"", "7", "\"7\"")),
        Tuple(1, valueTokens(1)));
    Arbitrary<String> amount = Arbitraries.frequencyOf(Tuple(8, numberTokens()), Tuple(1, valueTokens(1)));
    Arbitrary<String> extra = objects().map(o -> o.substring(1, o.length() - 1).trim());
    return Combinators.combine(key, key, amount, amount, extra, Arbitraries.integers().between(0, 15))
        .as((k, id, n, m, rest, omit) -> {
          List<String> members = new ArrayList<>();
          String[][] fields = {{"k", k}, {"symbol", k}, {"merchant", k}, {"sector", k}, {"id", id},
              {"payment_id", id}, {"ts", id}, {"n", n}, {"amount", n}, {"price", n}, {"duration", n},
              {"volume", m}, {"m", m}};
          for (int i = 0; i < fields.length; i++) {
            if (omit == 0 || i % 16 != omit) {
              members.add(quote(fields[i][0]) + ":" + fields[i][1]);
            }
          }
          if (!rest.isEmpty()) {
            members.add(rest);
          }
          return "{" + String.join(",", members) + "}";
        });
  }

  /** A JSON string token for {@code text}: quotes, backslashes and control characters escaped. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
