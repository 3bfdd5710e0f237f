package io.tributary.runtime.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one record will do, worked out before anything is sent: the Redis operations of its
 * chain (run as one atomic script, so a dedupe marker is never written without the writes that
 * follow it), the records to forward and the log lines, each guarded by the dedupe steps that
 * precede it in the chain.
 */
final class RecordPlan {
  final InboundRecord inbound;
  /** The record after the last processor that ran at plan time (plug-ins may change it). */
  ObjectNode record;
  /** Redis ops in chain order, encoded for {@link RedisChainScript}. */
  final List<String> scriptKeys = new ArrayList<>();
  final List<String> scriptArgs = new ArrayList<>();
  /** Per Redis op: the processor kind, for metrics. */
  final List<String> opKinds = new ArrayList<>();
  /** Indexes (into the Redis ops) of the dedupe ops, and their keys. */
  final List<Integer> dedupeOps = new ArrayList<>();
  final List<String> dedupeKeys = new ArrayList<>();
  final List<Forward> forwards = new ArrayList<>();
  final List<Guarded> logs = new ArrayList<>();
  /**
   * On a Redis Cluster: the slot every key and channel of the record's script is in, or -1 while
   * it has none (or not on a cluster).
   */
  int slot = -1;
  /** Kinds of the processors that ran purely in memory and their outcome, for metrics. */
  final List<String[]> localOutcomes = new ArrayList<>();

  /** {@link #record} as JSON text, made once: several processors of a chain write it. */
  private String json;

  RecordPlan(InboundRecord inbound, ObjectNode record) {
    this.inbound = inbound;
    this.record = record;
  }

  /** The current record as compact JSON text, serialised at most once until {@link #replaceRecord}. */
  String json() {
    if (json == null) {
      json = ProcessorChain.json(record);
    }
    return json;
  }

  /** After a plug-in, which may return another record or change this one in place. */
  void replaceRecord(ObjectNode changed) {
    record = changed;
    json = null;
  }

  boolean hasRedisOps() {
    return !opKinds.isEmpty();
  }

  /** Number of dedupe ops placed so far: a later effect happens only if all of them said "new". */
  int dedupesSoFar() {
    return dedupeOps.size();
  }

  /** A produce to another topic, done only if the first {@code dedupesBefore} dedupes said "new". */
  record Forward(String topic, byte[] value, int dedupesBefore) {}

  /** A log line, written only if the first {@code dedupesBefore} dedupes said "new". */
  record Guarded(String json, int dedupesBefore) {}
}
