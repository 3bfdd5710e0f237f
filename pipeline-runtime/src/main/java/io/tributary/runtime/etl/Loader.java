package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Writes the transformed records; returns only when every write is acknowledged. */
interface Loader extends AutoCloseable {
  /** @throws Exception when any write failed (the run is then retried or fails) */
  void load(List<ObjectNode> records) throws Exception;

  @Override
  default void close() {}
}
