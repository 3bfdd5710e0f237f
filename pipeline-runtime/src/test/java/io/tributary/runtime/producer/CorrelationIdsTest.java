package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorrelationIdsTest {
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @Test
  void oneUsableIdIsKept() {
    assertThat(CorrelationIds.of(List.of(" order-77 "))).isEqualTo("order-77");
    assertThat(CorrelationIds.of(List.of("a:b@c/d+e=f.g_h", "a:b@c/d+e=f.g_h"))).isEqualTo("a:b@c/d+e=f.g_h");
  }

  @Test
  void noneUnusableOrSeveralDifferentAreReplacedByANewOne() {
    assertThat(CorrelationIds.of(List.of())).matches(UUID);
    assertThat(CorrelationIds.of(List.of("a", "b"))).matches(UUID);
    assertThat(CorrelationIds.of(List.of("a, b"))).matches(UUID);
    assertThat(CorrelationIds.of(List.of("x".repeat(129)))).matches(UUID);
    assertThat(CorrelationIds.of(List.of("x".repeat(128)))).isEqualTo("x".repeat(128));
    assertThat(CorrelationIds.of(List.of("with space"))).matches(UUID);
    assertThat(CorrelationIds.of(List.of("caf\u00e9"))).matches(UUID);
    assertThat(CorrelationIds.of(List.of(""))).matches(UUID);
    assertThat(CorrelationIds.of(List.of())).isNotEqualTo(CorrelationIds.of(List.of()));
  }
}
