package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A synthetic record stream on a schedule. Pure: the caller supplies the time, the generator owns
 * a seeded random source, so the same seed and start give the same records.
 */
public interface GeneratedSource {
  /** Most records one {@link #poll} returns, so a producer that fell behind catches up in steps. */
  int MAX_RECORDS_PER_POLL = 10_000;

  /** The records scheduled at or before {@code now} not yet returned, oldest first. */
  List<ObjectNode> poll(Instant now);

  /** When the next record is scheduled; the caller may sleep until then. */
  Instant nextDue();
}
