package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeyPrefixTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDefaultIsNamespaceDotPipelineColon() {
    assertThat(KeyPrefix.derived("shop", "orders")).isEqualTo("shop.orders:");
    assertThat(KeyPrefix.derived("shop", "orders.eu")).isEqualTo("shop.orders.eu:");
    assertThat(KeyPrefix.derived(null, "orders")).isEqualTo("default.orders:");
    assertThat(KeyPrefix.problem(KeyPrefix.derived("shop", "orders.eu-1"))).isNull();
  }

  @Test
  void aLongDefaultIsCutWithAHashAndStaysDistinctAndValid() {
    String ns = "n".repeat(63);
    String one = KeyPrefix.derived(ns, "p".repeat(200) + "1");
    String two = KeyPrefix.derived(ns, "p".repeat(200) + "2");
    assertThat(one).hasSize(KeyPrefix.MAX_LENGTH).endsWith(":").isNotEqualTo(two);
    assertThat(one).startsWith(ns + ".ppp").matches(".*-[0-9a-f]{8}:");
    assertThat(KeyPrefix.problem(one)).isNull();
    String fits = KeyPrefix.derived("a", "b".repeat(KeyPrefix.MAX_LENGTH - 3));
    assertThat(fits).as("exactly the bound: not cut").hasSize(KeyPrefix.MAX_LENGTH).doesNotContain("-");
    assertThat(KeyPrefix.derived("a", "b".repeat(KeyPrefix.MAX_LENGTH - 2))).hasSize(KeyPrefix.MAX_LENGTH)
        .matches(".*-[0-9a-f]{8}:");
  }

  @Test
  void applyPutsThePrefixBeforeTheName() {
    assertThat(KeyPrefix.of("shop.orders:").apply("tributary:applied:g")).isEqualTo("shop.orders:tributary:applied:g");
    assertThat(KeyPrefix.of("").apply("x")).isEqualTo("x");
    assertThat(KeyPrefix.of(null)).isSameAs(KeyPrefix.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a*", "a?", "a[", "a]", "a\\\\", "{a}:", "a}", "a b", "a\tb", "a\nb", "a\u0000", "é:", "a\u2028"})
  void refusesGlobBraceWhitespaceControlAndOtherCharacters(String bad) {
    assertThat(KeyPrefix.problem(bad)).isNotNull().contains("at position");
    assertThatThrownBy(() -> KeyPrefix.of(bad)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesALongPrefixAndQuotesItCut() {
    String problem = KeyPrefix.problem("x".repeat(KeyPrefix.MAX_LENGTH + 1));
    assertThat(problem).contains("longer than 128 characters").contains("...(129 characters)");
    assertThat(KeyPrefix.problem("x".repeat(KeyPrefix.MAX_LENGTH))).isNull();
    assertThat(KeyPrefix.problem("A-z0._:/|#;,=@+%")).isNull();
  }

  @Test
  void aPrefixedTemplateResolvesUnderThePrefixAndKeepsItsOwnSeparatorRule() throws Exception {
    RecordTemplate template = RecordTemplate.compile("{symbol}", 256, KeyPrefix.of("shop.orders:"));
    assertThat(template.resolve(JSON.readTree("{\"symbol\": \"AAPL\"}"))).isEqualTo("shop.orders:AAPL");
    assertThat(template.separator()).as("the prefix's ':' is no separator of the template").isEmpty();
    assertThat(template.resolve(JSON.readTree("{\"symbol\": \"A:B\"}"))).isEqualTo("shop.orders:A:B");
    assertThat(RecordTemplate.compile("tasks", 256, KeyPrefix.of("p:")).resolve(null)).isEqualTo("p:tasks");
    assertThat(RecordTemplate.compile("price:{s}", 256, KeyPrefix.of("p:")).resolve(JSON.readTree("{\"s\": 1}")))
        .isEqualTo("p:price:1");
    assertThatThrownBy(() -> RecordTemplate.compile("price:{s}", 256, KeyPrefix.of("p:"))
        .resolve(JSON.readTree("{\"s\": \"x:y\"}")))
        .isInstanceOf(RecordTemplate.UnsafeValueException.class)
        .hasMessageStartingWith("cannot resolve \"price:{s}\"");
  }

  @Test
  void aRedisConfigWithoutPrefixHasNone() {
    assertThat(new RedisConfig("redis://h:6379").prefix()).isSameAs(KeyPrefix.NONE);
    assertThat(new RedisConfig("redis://h:6379", null, null, "", null, null).prefix()).isSameAs(KeyPrefix.NONE);
    assertThat(new RedisConfig("redis://h:6379", null, null, "a:", null, null).prefix().value()).isEqualTo("a:");
  }
}
