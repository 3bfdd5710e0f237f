package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterIndexTest {

  private static DeadLetterIndex index() {
    DeadLetterIndex index = new DeadLetterIndex();
    // partition 0: enricher at 0, 2, 4 (t 100, 300, 500); auditor at 1, 3
    index.add(0, 0, "enricher", 100);
    index.add(0, 1, "auditor", 50);
    index.add(0, 2, "enricher", 300);
    index.add(0, 3, "auditor", 60);
    index.add(0, 4, "enricher", 500);
    index.scanned(0, 5);
    // partition 1: enricher at 0 (t 200); a record without a component header at 1
    index.add(1, 0, "enricher", 200);
    index.add(1, 1, null, 10);
    index.scanned(1, 2);
    return index;
  }

  @Test
  void countsOnlyTheComponentsRecordsAndTheOldestOfThem() {
    assertThat(index().depth("enricher", Map.of())).isEqualTo(new DeadLetterIndex.Depth(4, 100L));
    assertThat(index().depth("auditor", null)).isEqualTo(new DeadLetterIndex.Depth(2, 50L));
    assertThat(index().depth("nobody", Map.of())).isEqualTo(new DeadLetterIndex.Depth(0, null));
  }

  @Test
  void recordsBeforeTheRedrivenOffsetsAreNotCounted() {
    // an unfiltered redrive went up to offset 3 of partition 0 and 1 of partition 1
    assertThat(index().depth("enricher", Map.of(0, 3L, 1, 1L))).isEqualTo(new DeadLetterIndex.Depth(1, 500L));
    // a partition not in the map counts from its start
    assertThat(index().depth("enricher", Map.of(0, 5L))).isEqualTo(new DeadLetterIndex.Depth(1, 200L));
  }

  @Test
  void theScanGoesOnWhereItStoppedAndForgetsWhatRetentionDeleted() {
    DeadLetterIndex index = index();
    assertThat(index.next(0)).isEqualTo(5);
    assertThat(index.next(7)).isZero();
    index.scanned(0, 3); // never backwards
    assertThat(index.next(0)).isEqualTo(5);
    index.retainedFrom(0, 3);
    assertThat(index.depth("enricher", Map.of())).isEqualTo(new DeadLetterIndex.Depth(2, 200L));
    index.retainedFrom(1, 10);
    assertThat(index.next(1)).isEqualTo(10);
    assertThat(index.depth("enricher", Map.of())).isEqualTo(new DeadLetterIndex.Depth(1, 500L));
  }
}
