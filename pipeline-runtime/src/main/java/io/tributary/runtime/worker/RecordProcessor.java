package io.tributary.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The plug-in point for user processors. Put an implementation in a jar on the runtime's class
 * path with a {@code META-INF/services/io.tributary.runtime.worker.RecordProcessor} entry; a
 * worker uses it for the processor item {@code {"plugin": {"name": "<name()>", "config": {...}}}}.
 *
 * <p>A plug-in runs on the worker thread before the record's Redis writes of the batch are sent,
 * so it must be quick and should not block. It sees the record as the previous processors left it
 * and may change it for the following ones. Because delivery is at-least-once, a plug-in may see
 * the same record again after a restart.
 */
public interface RecordProcessor {

  /** The name matched against {@code plugin.name}. */
  String name();

  /** Called once, before the first record, with {@code plugin.config} (an empty object if absent). */
  default void configure(JsonNode config) {}

  /**
   * Processes one record.
   *
   * @return the record to pass on (the same or a changed object), or {@code null} to drop it from
   *     the rest of the chain
   * @throws Exception to fail the record: it is retried by the error policy, then dead-lettered
   */
  ObjectNode process(ObjectNode record) throws Exception;
}
