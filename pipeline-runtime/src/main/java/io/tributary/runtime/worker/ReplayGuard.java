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
 * <p><b>Redis-stream input on a Redis Cluster</b> ({@code R}): the input stream lives in its own
 * slot, so the record's script can neither ask {@code XPENDING} nor {@code XACK}. Instead the
 * group keeps an applied set per slot, the sorted set {@code <keyPrefix>}{@value #KAFKA_LEDGER_PREFIX}{@code
 * {<t>}:<group>:<stream>} ({@code KEYS[1]}, {@code <t>} the {@link ClusterSlots#tag tag} of the
 * record's slot, {@code <stream>} the stream's name as configured). Its members are entry ids
 * written fixed-width ({@link #paddedId}: 20-digit milliseconds, {@code -}, 20-digit sequence),
 * all with score 0, so that the lexicographic order of members is the order of ids
 * ({@code ZRANGEBYLEX}/{@code ZREMRANGEBYLEX}); a score could not hold a {@code ms-seq} id
 * exactly. The record's entry is skipped ({@link #REPLAYED}) when it is below the floor {@code F}
 * ({@code ARGV[4]}) or in the set; otherwise its writes are applied and its id joins the set, in
 * the same script. The input acknowledges the batch's entries ({@code XACK}) after all their
 * scripts are done, so an entry delivered again — a crash between the scripts and the XACK, or
 * a slow consumer whose entries another one took over with {@code XAUTOCLAIM} — finds its mark.
 *
 * <p>The floor bounds the set: an entry below the smallest id pending in the group has been
 * delivered (ids only grow, and a pending id is a delivered one) and is no longer pending, so it
 * was acknowledged, after its scripts, and is never delivered again (short of an
 * {@code XGROUP SETID}). Before each try of a batch {@link BatchExecutor} reads {@code F} from the
 * {@code XPENDING <stream> <group>} summary (its smallest id; with nothing pending, the try's own
 * smallest entry id: everything delivered is acknowledged then), and each script first removes
 * the marks below {@code F} from its slot's set. The floor read at any moment stays true later,
 * so concurrent consumers trimming with floors of different ages never remove a mark still
 * needed. A slot's set so holds about the entries pending at its last touch; a slot no later
 * entry falls in keeps its last marks (at most one batch's).
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

  /** The input stream's name as configured (without the prefix), for a stream on a cluster; else null. */
  private final String clusterStream;

  private ReplayGuard(boolean kafka, String group, KeyPrefix prefix, boolean cluster) {
    this(kafka, group, prefix, cluster, null);
  }

  private ReplayGuard(boolean kafka, String group, KeyPrefix prefix, boolean cluster, String clusterStream) {
    this.kafka = kafka;
    this.group = group;
    this.prefix = prefix;
    this.cluster = cluster;
    this.clusterStream = clusterStream;
  }

  /**
   * For a Worker reading the Redis stream {@code stream} (its name as configured; the records'
   * source is the prefixed name) in consumer group {@code group} on a Redis Cluster: per-slot
   * applied sets under {@code prefix} instead of the in-script {@code XACK}.
   */
  static ReplayGuard streamOnCluster(String group, String stream, KeyPrefix prefix) {
    return new ReplayGuard(false, group, prefix, true, stream);
  }

  /** Whether this guards a Redis stream on a cluster (the input acknowledges after the scripts). */
  boolean streamOnCluster() {
    return clusterStream != null;
  }

  /** The consumer group. */
  String group() {
    return group;
  }

  /** The stream's applied set in {@code slot} (a stream on a cluster). */
  String streamAppliedKey(int slot) {
    return prefix.apply(KAFKA_LEDGER_PREFIX + "{" + ClusterSlots.tag(Math.max(slot, 0)) + "}:" + group + ":"
        + clusterStream);
  }

  /**
   * A stream entry id {@code ms-seq} written fixed-width, so that text order is id order: both
   * parts zero-padded to 20 digits (the width of 2^64-1). An id without {@code -} is {@code ms-0}.
   */
  static String paddedId(String id) {
    int dash = id.indexOf('-');
    String ms = dash < 0 ? id : id.substring(0, dash);
    String seq = dash < 0 ? "0" : id.substring(dash + 1);
    return pad(ms) + "-" + pad(seq);
  }

  private static String pad(String digits) {
    return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
  }

  /** The smaller of two stream entry ids. */
  static String smallerId(String a, String b) {
    return paddedId(a).compareTo(paddedId(b)) <= 0 ? a : b;
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
    if (streamOnCluster()) {
      String applied = streamAppliedKey(slot);
      return List.of(applied, applied);
    }
    return kafka ? List.of(ledgerKey(slot), appliedKey(record, slot)) : scriptKeys(record);
  }

  /**
   * {@code ARGV[1..4]} for the record's script of a stream on a cluster.
   *
   * @param floor the group's smallest pending entry id read before the try (see above)
   */
  List<String> streamClusterArgs(InboundRecord record, String floor) {
    return List.of("R", "", paddedId(record.position()), paddedId(floor));
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
   * Padded stream ids ({@code R}) have one width, so Lua's string order is their order.
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
      "elseif guard == 'R' then",
      "  redis.call('ZREMRANGEBYLEX', KEYS[1], '-', '(' .. start)",
      "  if position < start or redis.call('ZSCORE', KEYS[1], position) then return {" + REPLAYED + "} end",
      "else",
      "  return redis.error_reply('unknown guard ' .. tostring(guard))",
      "end",
      "local function mark()",
      "  if guard == 'K' then redis.call('ZADD', KEYS[2], position, position)",
      "  elseif guard == 'R' then redis.call('ZADD', KEYS[1], 0, position)",
      "  else redis.call('XACK', KEYS[1], where, position) end",
      "end");
}
