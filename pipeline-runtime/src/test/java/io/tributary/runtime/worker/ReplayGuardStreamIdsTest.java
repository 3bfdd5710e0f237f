package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed-width stream ids of the per-slot applied sets sort as the ids do. */
class ReplayGuardStreamIdsTest {
  @Test
  void paddedIdsSortAsTheIds() {
    assertThat(ReplayGuard.paddedId("1733270000000-3")).isEqualTo("00000001733270000000-00000000000000000003");
    assertThat(ReplayGuard.paddedId("18446744073709551615-18446744073709551615"))
        .isEqualTo("18446744073709551615-18446744073709551615");
    List<String> ids = List.of("0-1", "9-0", "9-10", "10-0", "10-2", "1733270000000-3", "1733270000001-0");
    List<String> padded = new ArrayList<>(ids.stream().map(ReplayGuard::paddedId).toList());
    padded.sort(null);
    assertThat(padded).isEqualTo(ids.stream().map(ReplayGuard::paddedId).toList());
    assertThat(ReplayGuard.smallerId("10-0", "9-5")).isEqualTo("9-5");
    assertThat(ReplayGuard.smallerId("9-10", "9-9")).isEqualTo("9-9");
  }
}
