package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class ClusterSlotsTest {
  @Test
  void everySlotHasATagThatHashesToIt() {
    for (int slot = 0; slot < SlotHash.SLOT_COUNT; slot++) {
      String tag = ClusterSlots.tag(slot);
      assertThat(SlotHash.getSlot("tributary:applied:{" + tag + "}:group")).as("slot %d", slot).isEqualTo(slot);
    }
  }

  @Test
  void theLedgerOfARecordIsInTheRecordsSlot() {
    ReplayGuard guard = ReplayGuard.kafkaOnCluster("payments.totals");
    InboundRecord record = new InboundRecord("payments", 3, "17", 17, null, new byte[0], java.util.List.of(), 0, null);
    int slot = ClusterSlots.slot("payments:seen:{p-17}");
    assertThat(guard.scriptKeys(record, slot)).allSatisfy(key -> assertThat(SlotHash.getSlot(key)).isEqualTo(slot))
        .containsExactly("tributary:applied:{" + ClusterSlots.tag(slot) + "}:payments.totals",
            "tributary:applied:{" + ClusterSlots.tag(slot) + "}:payments.totals:payments:3");
    // one server: the ledger as before
    assertThat(ReplayGuard.kafka("g").scriptKeys(record, slot))
        .containsExactly("tributary:applied:g", "tributary:applied:g:payments:3");
  }
}
