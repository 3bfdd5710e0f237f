package io.tributary.runtime.worker;

import io.tributary.runtime.config.KeyPrefix;
import java.util.List;

/**
 * Makes a record's Redis effects happen once although the record may be delivered again (a crash
 * before the commit, a rebalance, an offset reset, a stream entry claimed by a second consumer).
 * Its check and its mark run inside {@link RedisChainScript}, in the same atomic step as the
 * record's writes, so "applied" and "marked" cannot come apart. Each script call gets a header,
 * {@code KEYS[1..2]} and {@code ARGV[1..4]}.
 *
 * <p><b>Kafka input</b> ({@code K}): a ledger per consumer group and partition,
 * <ul>
 *   <li>the floor {@code F}: field {@code <topic>:<partition>} of the hash
 *       {@code <keyPrefix>}{@value #KAFKA_LEDGER_PREFIX}{@code <group>} ({@code KEYS[1]}) — every offset below it was
 *       handled (applied, dead-lettered or without Redis writes);
 *   <li>the applied set {@code S}: the sorted set {@code <keyPrefix>}{@value #KAFKA_LEDGER_PREFIX}{@code
 *       <group>:<topic>:<partition>} ({@code KEYS[2]}) of the offsets at or above {@code F} whose
 *       writes were applied.
 * </ul>
 * With {@code b} the offset of the first record of the polled batch ({@code ARGV[4]}): a batch is
 * polled only after everything before it was done, so {@code F := max(F, b)}, and the offsets
 * below the new {@code F} leave {@code S}. The record at offset {@code o} is skipped
 * ({@link #REPLAYED}) when {@code o < F} or {@code o ∈ S}; otherwise it is applied and {@code o}
 * joins {@code S}. Records of a batch may so be applied in any order (a failed record is retried
 * after later ones), and {@code S} holds at most one batch of offsets per partition (up to
 * {@code max.poll.records}, 500). Two owners of a partition at once (a revoked consumer still
 * finishing) apply each record once between them: the later owner's {@code b} never lies above
 * an offset the earlier one has not handled. The consumer group is the identity: two Workers (two
 * groups) writing the same keys keep separate ledgers and never block each other. No TTL: a
 * ledger must outlive the group's committed offsets (a Worker restarted after Kafka forgot them
 * reads from the earliest offset, and the floor keeps the old records from being applied again).
 *
 * <p><b>Redis-stream input</b> ({@code S}): {@code KEYS[1]} is the input stream. The entry is
 * applied only while it is still pending in the group ({@code XPENDING}), and the script
 * acknowledges it ({@code XACK}) with its writes: a second consumer that claimed the same entry
 * finds it acknowledged and skips it. Nothing else is stored.
 *
 * <p><b>On a Redis Cluster</b> a script's keys must share one slot, so the Kafka ledger is kept
 * per slot: {@value #KAFKA_LEDGER_PREFIX}{@code {<t>}:<group>} and
 * {@value #KAFKA_LEDGER_PREFIX}{@code {<t>}:<group>:<topic>:<partition>}, {@code <t>} the
 * {@link ClusterSlots#tag tag} of the record's slot. Everything above holds per slot: {@code F}
 * ("every offset below was handled") is true of any subset of a partition's records, and a record
 * always meets the ledger of its own slot (its keys decide the slot, and a retry has the same keys).
 */
final class ReplayGuard {
  /** Prefix of the per-group ledger keys (Kafka input). */
  static final String KAFKA_LEDGER_PREFIX = "tributary:applied:";
  /** Script result (a one-element list) for a record whose effects were applied before. */
  static final long REPLAYED = -2;

  private final boolean kafka;
  private final String group;
  private final KeyPrefix prefix;
  /** Whether the ledger is kept per Redis Cluster slot. */
  private final boolean cluster;

  private ReplayGuard(boolean kafka, String group, KeyPrefix prefix, boolean cluster) {
    this.kafka = kafka;
    this.group = group;
    this.prefix = prefix;
    this.cluster = cluster;
  }

  private ReplayGuard(boolean kafka, String group, KeyPrefix prefix) {
    this(kafka, group, prefix, false);
  }

  /** For a Worker reading a Kafka topic in consumer group {@code group} on a Redis Cluster, without key prefix. */
  static ReplayGuard kafkaOnCluster(String group) {
    return kafkaOnCluster(group, KeyPrefix.NONE);
  }

  /** For a Worker reading a Kafka topic in consumer group {@code group} on a Redis Cluster, under {@code prefix}. */
  static ReplayGuard kafkaOnCluster(String group, KeyPrefix prefix) {
    return new ReplayGuard(true, group, prefix, true);
  }

  /** The hash of partition floors of the records in {@code slot} (a cluster; else the one hash). */
  String ledgerKey(int slot) {
    return cluster ? prefix.apply(KAFKA_LEDGER_PREFIX + "{" + ClusterSlots.tag(Math.max(slot, 0)) + "}:" + group)
        : ledgerKey();
  }

  /** The applied set of the record's partition in {@code slot} (a cluster; else the one set). */
  String appliedKey(InboundRecord record, int slot) {
    return cluster ? ledgerKey(slot) + ":" + partitionOf(record) : appliedKey(record);
  }

  /** {@code KEYS[1..2]} for the record's script, its keys being in {@code slot} (on a cluster). */
  List<String> scriptKeys(InboundRecord record, int slot) {
    return kafka ? List.of(ledgerKey(slot), appliedKey(record, slot)) : scriptKeys(record);
  }

  /** For a Worker reading a Kafka topic in consumer group {@code group}, without key prefix. */
  static ReplayGuard kafka(String group) {
    return kafka(group, KeyPrefix.NONE);
  }

  /**
   * For a Worker reading a Kafka topic in consumer group {@code group}, its ledger keys under
   * {@code prefix} ({@code redis.keyPrefix}).
   */
  static ReplayGuard kafka(String group, KeyPrefix prefix) {
    return new ReplayGuard(true, group, prefix);
  }

  /**
   * For a Worker reading a Redis stream in consumer group {@code group}. The record's source is the
   * stream's full name (its prefix included), so nothing here adds one.
   */
  static ReplayGuard stream(String group) {
    return new ReplayGuard(false, group, KeyPrefix.NONE);
  }

  /** Whether this guards Kafka input (a ledger per partition) rather than a stream. */
  boolean ordered() {
    return kafka;
  }

  /** The hash of partition floors (Kafka input). */
  String ledgerKey() {
    return prefix.apply(KAFKA_LEDGER_PREFIX + group);
  }

  /** The sorted set of offsets applied at or above the floor of the record's partition. */
  String appliedKey(InboundRecord record) {
    return prefix.apply(KAFKA_LEDGER_PREFIX + group + ":" + partitionOf(record));
  }

  /** The ledger field of a Kafka record: {@code <topic>:<partition>} (a topic name has no colon). */
  static String partitionOf(InboundRecord record) {
    return record.source() + ":" + record.partition();
  }

  /** {@code KEYS[1..2]} for the record's script. */
  List<String> scriptKeys(InboundRecord record) {
    return kafka ? List.of(ledgerKey(), appliedKey(record)) : List.of(record.source(), record.source());
  }

  /**
   * {@code ARGV[1..4]} for the record's script.
   *
   * @param batchStart the offset of the first record of the record's partition in the polled
   *     batch (Kafka); ignored for a stream
   */
  List<String> scriptArgs(InboundRecord record, long batchStart) {
    if (kafka) {
      return List.of("K", partitionOf(record), String.valueOf(record.offset()), String.valueOf(batchStart));
    }
    return List.of("S", group, record.position(), "");
  }

  /**
   * The header part of the script: returns {@code {-2}} for a replayed record before anything of
   * it is written (raising the floor is no effect of the record: it only states what was true
   * already), and defines {@code mark()} for after the writes. Offsets are compared as digit
   * strings, exact beyond Lua's 2^53; sorted-set scores are doubles, exact for offsets below 2^53.
   */
  static final String LUA = String.join("\n",
      "local function below(a, b)",
      "  return #a < #b or (#a == #b and a < b)",
      "end",
      "local guard, where, position, start = ARGV[1], ARGV[2], ARGV[3], ARGV[4]",
      "if guard == 'K' then",
      "  local floor = redis.call('HGET', KEYS[1], where)",
      "  if not floor or below(floor, start) then",
      "    floor = start",
      "    redis.call('HSET', KEYS[1], where, floor)",
      "    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. floor)",
      "  end",
      "  if below(position, floor) or redis.call('ZSCORE', KEYS[2], position) then return {" + REPLAYED + "} end",
      "elseif guard == 'S' then",
      "  if #redis.call('XPENDING', KEYS[1], where, position, position, 1) == 0 then return {" + REPLAYED + "} end",
      "else",
      "  return redis.error_reply('unknown guard ' .. tostring(guard))",
      "end",
      "local function mark()",
      "  if guard == 'K' then redis.call('ZADD', KEYS[2], position, position)",
      "  else redis.call('XACK', KEYS[1], where, position) end",
      "end");
}
