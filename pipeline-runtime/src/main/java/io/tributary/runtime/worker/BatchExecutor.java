package io.tributary.runtime.worker;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tributary.runtime.ops.RedisAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Carries out the plans of one batch with one wait per stage, never one round trip per record:
 * (1) when a forward follows a dedupe, one pipelined {@code EXISTS} per dedupe key; (2) every
 * forward produced asynchronously, awaited together; (3) the scripts of {@link RedisChainScript},
 * one {@code EVALSHA} per hundred records on one server and per record on a Redis Cluster,
 * pipelined, flushed once and awaited together. A Redis
 * stream on a cluster adds one {@code XPENDING} summary before them (the floor of the per-slot
 * applied sets, {@link ReplayGuard}).
 *
 * <p>Forwards go first: a crash between a forward and the script replays the record, which
 * forwards again (at-least-once) and then writes Redis once. The other order could lose a forward
 * behind a dedupe marker. Each script carries the {@link ReplayGuard} header, so a record whose
 * effects are in Redis already changes nothing there; for Kafka input its forwards are skipped
 * too, found with the partition's ledger (one pipelined {@code HGET} per partition and
 * {@code ZSCORE} per record) before anything is forwarded.
 *
 * <p>Records of one batch that share a dedupe key are taken in input order: the first one that
 * reaches the key sets it, the later ones count it as seen (their guarded forwards do not go). So
 * when that first one fails, the later ones must not take its place in the same try — they would
 * set the marker, and the first one's retry would then pass for a duplicate: nobody forwarded.
 * They are {@link Result#deferred deferred} instead and run again with it in the next try.
 */
final class BatchExecutor {
  private final StatefulConnection<String, String> connection;
  private final RedisAccess.Session session;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final Producer<byte[], byte[]> producer;
  private final Duration timeout;
  private final ReplayGuard guard;
  private final int minReplicasAcked;
  private String scriptSha;
  private String batchScriptSha;

  /**
   * How long {@code WAIT} waits for the replicas: below the client's command timeout
   * ({@code Connections.REDIS_COMMAND_TIMEOUT}, 10 s), so that a shortfall is WAIT's answer, not a timeout.
   */
  static final Duration REPLICA_ACK_TIMEOUT = Duration.ofSeconds(5);

  /** The outcome of one plan: script results, or the failure, or deferred. */
  static final class Result {
    final RecordPlan plan;
    List<Long> scriptResults = List.of();
    final List<Boolean> forwardsDone = new ArrayList<>();
    Throwable failure;
    /**
     * Not tried: an earlier record of the batch with one of its dedupe keys failed, so this one
     * waits for that record's next try (it costs no attempt).
     */
    boolean deferred;
    /** The dedupe keys this record's script is expected to set (all of them when not peeked). */
    List<String> claims = List.of();
    /** Its effects were applied before (a replay): nothing was written nor forwarded this time. */
    boolean replayed;

    Result(RecordPlan plan) {
      this.plan = plan;
    }

    /** True when every dedupe among the first {@code dedupes} found its key new. */
    boolean passedDedupes(int dedupes) {
      if (replayed) {
        return false;
      }
      for (int d = 0; d < dedupes; d++) {
        int op = plan.dedupeOps.get(d);
        if (op >= scriptResults.size() || scriptResults.get(op) == RedisChainScript.DUPLICATE) {
          return false;
        }
      }
      return true;
    }
  }

  BatchExecutor(StatefulRedisConnection<String, String> connection, Producer<byte[], byte[]> producer,
      Duration timeout, ReplayGuard guard) {
    this(connection, producer, timeout, guard, 0);
  }

  /**
   * @param minReplicasAcked replicas that must acknowledge a try's writes ({@code WAIT}) before its
   *     records count as done; 0: none
   */
  BatchExecutor(StatefulRedisConnection<String, String> connection, Producer<byte[], byte[]> producer,
      Duration timeout, ReplayGuard guard, int minReplicasAcked) {
    this(RedisAccess.Session.of(connection), producer, timeout, guard, minReplicasAcked);
  }

  /** Over either kind of Redis, without waiting for replicas of a single server. */
  BatchExecutor(RedisAccess.Session session, Producer<byte[], byte[]> producer, Duration timeout,
      ReplayGuard guard) {
    this(session, producer, timeout, guard, 0);
  }

  /**
   * Over either kind of Redis ({@link RedisAccess}). On a Redis Cluster each {@code EVALSHA} goes
   * to the master of its first key's slot (the record's ledger key, in the record's slot, see
   * {@link ReplayGuard}): one flush sends a pipeline to every master the batch touches.
   *
   * @param minReplicasAcked on a single server (Sentinel's master), replicas that must acknowledge
   *     a try's writes ({@code WAIT}) before its records count as done; 0: none. A cluster waits
   *     for one replica per master instead ({@link #awaitClusterReplicas})
   */
  BatchExecutor(RedisAccess.Session session, Producer<byte[], byte[]> producer, Duration timeout,
      ReplayGuard guard, int minReplicasAcked) {
    this.minReplicasAcked = minReplicasAcked;
    this.connection = session.connection();
    this.guard = guard;
    this.redis = session.async();
    this.session = session;
    this.producer = producer;
    this.timeout = timeout;
    connection.setAutoFlushCommands(false);
  }

  /**
   * @param batchStarts per Kafka partition, the offset of the first record of the polled batch
   *     (the {@link ReplayGuard} floor); unused for stream input
   */
  List<Result> execute(List<RecordPlan> plans, Map<String, Long> batchStarts) {
    List<Result> results = new ArrayList<>(plans.size());
    for (RecordPlan plan : plans) {
      results.add(new Result(plan));
    }
    try {
      // a failover or a new master since the last batch: open its connection before pipelining
      session.connectMasters();
    } catch (RuntimeException unreachable) {
      // a master that cannot be reached fails the commands routed to it below, as an outage
    }
    String streamFloor = streamFloor(results);
    peekReplays(results, batchStarts);
    List<List<Boolean>> allowed = peekForwards(results);
    produceForwards(results, allowed);
    deferBehindFailures(results);
    runScripts(results, batchStarts, streamFloor);
    return results;
  }

  /**
   * A Redis stream on a cluster: the {@link ReplayGuard} floor of this try, the smallest id
   * pending in the group ({@code XPENDING} summary, routed to the stream's master), or with
   * nothing pending the try's smallest entry id. Read before any script of the try runs. When it
   * cannot be read, every record fails as an outage (nothing is sent; the try is repeated).
   * Null for other inputs.
   */
  private String streamFloor(List<Result> results) {
    if (!guard.streamOnCluster() || results.isEmpty()) {
      return null;
    }
    String smallest = null;
    for (Result result : results) {
      String id = result.plan.inbound.position();
      smallest = smallest == null ? id : ReplayGuard.smallerId(smallest, id);
    }
    RedisFuture<io.lettuce.core.models.stream.PendingMessages> pending =
        redis.xpending(results.get(0).plan.inbound.source(), guard.group());
    connection.flushCommands();
    try {
      io.lettuce.core.models.stream.PendingMessages summary = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String lowest = summary.getCount() == 0 || summary.getMessageIds() == null ? null
          : summary.getMessageIds().getLower().getValue();
      return lowest == null ? smallest : lowest;
    } catch (Exception e) {
      for (Result result : results) {
        result.failure = e;
      }
      return smallest;
    }
  }

  /**
   * Kafka input with forwards in the batch: marks the records the ledger knows as applied as
   * {@link Result#replayed}, so that a replay after a crash between the scripts and the commit
   * does not forward them again. Their scripts would skip them anyway; the ledger only grows (an
   * offset leaves the set only below the floor), so what is applied now stays applied.
   */
  private void peekReplays(List<Result> results, Map<String, Long> batchStarts) {
    if (!guard.ordered() || results.stream().allMatch(r -> r.plan.forwards.isEmpty())) {
      return;
    }
    Map<String, RedisFuture<String>> floors = new HashMap<>();
    List<RedisFuture<Double>> applied = new ArrayList<>();
    for (Result result : results) {
      InboundRecord inbound = result.plan.inbound;
      int slot = result.plan.slot;
      floors.computeIfAbsent(floorOf(inbound, slot),
          field -> redis.hget(guard.ledgerKey(slot), ReplayGuard.partitionOf(inbound)));
      applied.add(redis.zscore(guard.appliedKey(inbound, slot), String.valueOf(inbound.offset())));
    }
    connection.flushCommands();
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      InboundRecord inbound = result.plan.inbound;
      try {
        String floor = floors.get(floorOf(inbound, result.plan.slot)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Double score = applied.get(r).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.replayed = score != null || (floor != null && inbound.offset() < Long.parseLong(floor));
      } catch (Exception e) {
        result.failure = e;
      }
    }
  }

  /** Which floor a record's replay is judged by: its partition's, in its slot on a cluster. */
  private static String floorOf(InboundRecord inbound, int slot) {
    return slot + "/" + ReplayGuard.partitionOf(inbound);
  }

  /**
   * For each result, which of its forwards may go (false: a dedupe before it saw the key), and
   * which dedupe keys its script will set ({@link Result#claims}).
   *
   * <p>When any record of the batch has a forward behind a dedupe, every dedupe key of every
   * record is peeked with one pipelined {@code EXISTS}, because a key set by an earlier record of
   * the batch counts as existing for the later ones. A record's script sets its dedupe keys in
   * chain order up to the first one that exists (there it stops), so it claims exactly the keys
   * before that one: a record stopped by its first dedupe does not hold the keys of its later
   * dedupes against the records after it.
   */
  private List<List<Boolean>> peekForwards(List<Result> results) {
    boolean guarded = results.stream().anyMatch(r -> r.plan.forwards.stream().anyMatch(f -> f.dedupesBefore() > 0));
    List<List<Boolean>> allowed = new ArrayList<>();
    List<List<RedisFuture<Long>>> perResult = new ArrayList<>();
    for (Result result : results) {
      List<RedisFuture<Long>> mine = new ArrayList<>();
      if (guarded && !result.replayed) {
        for (String key : result.plan.dedupeKeys) {
          mine.add(redis.exists(key));
        }
      }
      perResult.add(mine);
    }
    if (guarded) {
      connection.flushCommands();
    }
    Set<String> claimed = new HashSet<>();
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      List<String> keys = result.plan.dedupeKeys;
      List<Boolean> forwards = new ArrayList<>();
      if (result.replayed) {
        result.plan.forwards.forEach(forward -> forwards.add(false));
        allowed.add(forwards);
        continue;
      }
      // without a peek (no guarded forward in the batch) assume every key: used only to defer
      int setsUpTo = keys.size();
      try {
        if (guarded) {
          setsUpTo = 0;
          while (setsUpTo < keys.size()
              && perResult.get(r).get(setsUpTo).get(timeout.toMillis(), TimeUnit.MILLISECONDS) == 0
              && !claimed.contains(keys.get(setsUpTo))) {
            setsUpTo++;
          }
        }
        for (RecordPlan.Forward forward : result.plan.forwards) {
          forwards.add(forward.dedupesBefore() <= setsUpTo);
        }
      } catch (Exception e) {
        result.failure = e;
        setsUpTo = keys.size();
      }
      result.claims = keys.subList(0, setsUpTo);
      claimed.addAll(result.claims);
      allowed.add(forwards);
    }
    return allowed;
  }

  private void produceForwards(List<Result> results, List<List<Boolean>> allowed) {
    List<List<Future<RecordMetadata>>> sends = new ArrayList<>();
    boolean any = false;
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      List<Future<RecordMetadata>> mine = new ArrayList<>();
      if (result.failure == null) {
        for (int f = 0; f < result.plan.forwards.size(); f++) {
          RecordPlan.Forward forward = result.plan.forwards.get(f);
          if (allowed.get(r).get(f)) {
            InboundRecord in = result.plan.inbound;
            mine.add(producer.send(new ProducerRecord<>(forward.topic(), null, in.key(), forward.value(), in.headers())));
            any = true;
          } else {
            mine.add(null);
          }
        }
      }
      sends.add(mine);
    }
    if (any) {
      producer.flush();
    }
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      for (Future<RecordMetadata> send : sends.get(r)) {
        if (send == null) {
          result.forwardsDone.add(false);
          continue;
        }
        try {
          send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          result.forwardsDone.add(true);
        } catch (Exception e) {
          if (result.failure == null) {
            result.failure = e;
          }
        }
      }
    }
  }

  /**
   * Defers every record that has a dedupe key claimed by an earlier record of the batch that
   * failed or was deferred itself. The key counted as claimed for it, so it has sent none of the
   * forwards behind that key; it runs no script now, so the earlier record's retry still finds
   * the key free. Keys the earlier record did not claim hold nothing back: a later record may
   * already have forwarded behind them, and deferring it could let the earlier one forward too.
   */
  private static void deferBehindFailures(List<Result> results) {
    Set<String> held = new HashSet<>();
    for (Result result : results) {
      if (result.replayed) {
        continue;
      }
      if (result.failure == null && result.plan.dedupeKeys.stream().anyMatch(held::contains)) {
        result.deferred = true;
      }
      if (result.failure != null || result.deferred) {
        held.addAll(result.claims);
      }
    }
  }

  /**
   * Runs the scripts of the records that have Redis ops. On one Redis server up to
   * {@link RedisChainScript#RECORDS_PER_CALL} records share a call of
   * {@link RedisChainScript#BATCH_SOURCE}, each with the outcome its own call would have had; on
   * a Redis Cluster each record has its own call (its keys decide its slot).
   */
  private void runScripts(List<Result> results, Map<String, Long> batchStarts, String streamFloor) {
    boolean onCluster = connection instanceof StatefulRedisClusterConnection;
    List<RedisFuture<List<Object>>> futures = new ArrayList<>();
    String sha = onCluster ? scriptSha() : null;
    String batchSha = onCluster ? null : batchScriptSha();
    List<BatchCall> calls = new ArrayList<>();
    BatchCall open = null;
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      RecordPlan plan = result.plan;
      if (result.failure != null || result.deferred || result.replayed || !plan.hasRedisOps()) {
        futures.add(null);
        continue;
      }
      InboundRecord inbound = plan.inbound;
      List<String> keys = new ArrayList<>(guard.scriptKeys(inbound, plan.slot));
      keys.addAll(plan.scriptKeys);
      long start = guard.ordered() ? batchStarts.getOrDefault(ReplayGuard.partitionOf(inbound), inbound.offset()) : -1;
      List<String> args = new ArrayList<>(guard.streamOnCluster() ? guard.streamClusterArgs(inbound, streamFloor)
          : guard.scriptArgs(inbound, start));
      args.addAll(plan.scriptArgs);
      if (onCluster) {
        futures.add(redis.evalsha(sha, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new)));
        continue;
      }
      futures.add(null);
      if (open == null || open.records.size() == RedisChainScript.RECORDS_PER_CALL) {
        open = new BatchCall();
        calls.add(open);
      }
      open.add(r, keys, args);
    }
    for (BatchCall call : calls) {
      call.future = redis.evalsha(batchSha, ScriptOutputType.MULTI, call.keys.toArray(String[]::new),
          call.args().toArray(String[]::new));
    }
    // after the scripts on the same connection: WAIT counts the replicas that have every write
    // this connection made so far, these scripts' included
    RedisFuture<Long> replicated = minReplicasAcked > 0 && !onCluster
        && results.stream().anyMatch(r -> r.failure == null && !r.deferred)
        ? redis.waitForReplication(minReplicasAcked, REPLICA_ACK_TIMEOUT.toMillis()) : null;
    connection.flushCommands();
    boolean noScript = false;
    for (int r = 0; r < results.size(); r++) {
      RedisFuture<List<Object>> future = futures.get(r);
      if (future == null) {
        continue;
      }
      Result result = results.get(r);
      try {
        takeScriptResult(result, future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        result.failure = e;
        noScript |= Failures.isNoScript(e);
      }
    }
    for (BatchCall call : calls) {
      try {
        List<Object> perRecord = call.future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (int j = 0; j < call.records.size(); j++) {
          Result result = results.get(call.records.get(j));
          Object entry = j < perRecord.size() ? perRecord.get(j) : null;
          if (!(entry instanceof List<?> values)) {
            result.failure = new RedisException("batch script: no result for record " + j + " of " + call.records.size());
          } else if (!values.isEmpty() && RedisChainScript.FAILED.equals(values.get(0))) {
            result.failure = new RedisCommandExecutionException(String.valueOf(values.size() > 1 ? values.get(1) : ""));
          } else {
            @SuppressWarnings("unchecked")
            List<Object> raw = (List<Object>) values;
            takeScriptResult(result, raw);
          }
        }
      } catch (Exception e) {
        for (int index : call.records) {
          results.get(index).failure = e;
        }
        noScript |= Failures.isNoScript(e);
      }
    }
    if (noScript) {
      // Redis restarted and lost its script cache: load them again next try
      scriptSha = null;
      batchScriptSha = null;
    }
    if (replicated != null) {
      awaitReplicas(results, replicated);
    }
    awaitClusterReplicas(results, futures);
  }

  /** A record's script result: {@link ReplayGuard#REPLAYED}, or one integer per op executed. */
  private static void takeScriptResult(Result result, List<Object> raw) {
    List<Long> values = new ArrayList<>(raw.size());
    for (Object value : raw) {
      values.add((Long) value);
    }
    if (values.size() == 1 && values.get(0) == ReplayGuard.REPLAYED) {
      result.replayed = true;
    } else {
      result.scriptResults = values;
    }
  }

  /** The records of one {@link RedisChainScript#BATCH_SOURCE} call: their indexes, keys and args. */
  private static final class BatchCall {
    final List<Integer> records = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    final List<Integer> counts = new ArrayList<>();
    final List<String> recordArgs = new ArrayList<>();
    RedisFuture<List<Object>> future;

    void add(int index, List<String> recordKeys, List<String> args) {
      records.add(index);
      keys.addAll(recordKeys);
      counts.add(recordKeys.size());
      counts.add(args.size());
      recordArgs.addAll(args);
    }

    /** {@code n}, each record's key and arg counts, then every record's args. */
    List<String> args() {
      List<String> all = new ArrayList<>(1 + counts.size() + recordArgs.size());
      all.add(String.valueOf(records.size()));
      counts.forEach(count -> all.add(String.valueOf(count)));
      all.addAll(recordArgs);
      return all;
    }
  }

  /**
   * Fails every record of the try that would count as done when fewer than
   * {@link #minReplicasAcked} replicas acknowledged the writes: an outage (no attempt spent), so
   * nothing is committed or acknowledged and the try is repeated — its scripts then find their
   * effects applied ({@link ReplayGuard}) or, after a failover that lost them, apply them again.
   */
  private void awaitReplicas(List<Result> results, RedisFuture<Long> replicated) {
    RuntimeException shortfall = null;
    try {
      long acked = replicated.get(timeout.plus(REPLICA_ACK_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
      if (acked < minReplicasAcked) {
        shortfall = new io.lettuce.core.RedisException("WAIT: " + acked + " of the " + minReplicasAcked
            + " replicas required (redis.minReplicasAcked) acknowledged the writes within "
            + REPLICA_ACK_TIMEOUT.toSeconds() + "s; not committed, tried again");
      }
    } catch (Exception e) {
      shortfall = new io.lettuce.core.RedisException("WAIT failed: " + Failures.unwrap(e), e);
    }
    if (shortfall == null) {
      return;
    }
    for (Result result : results) {
      if (result.failure == null && !result.deferred) {
        result.failure = shortfall;
      }
    }
  }

  /**
   * On a Redis Cluster, a record's writes count as done only once a replica of the master that
   * holds them has them: one {@code WAIT 1 <timeout>} per master the batch wrote to that has a
   * replica, so that a master killed after the offset commit fails over to a replica that has
   * every write the commit covers. A master whose replicas did not answer in time leaves its
   * records failed as an outage: they are retried (the ledger skips the ones whose writes are
   * there) and nothing after them is committed. A master without replicas is not waited for.
   */
  private void awaitClusterReplicas(List<Result> results, List<RedisFuture<List<Object>>> futures) {
    if (!(connection instanceof io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String> cluster)) {
      return;
    }
    io.lettuce.core.cluster.models.partitions.Partitions partitions = cluster.getPartitions();
    Map<String, List<Result>> byMaster = new HashMap<>();
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      if (futures.get(r) == null || result.failure != null || result.replayed) {
        continue;
      }
      io.lettuce.core.cluster.models.partitions.RedisClusterNode master =
          partitions.getMasterBySlot(Math.max(result.plan.slot, 0));
      if (master != null && hasReplica(partitions, master)) {
        byMaster.computeIfAbsent(master.getNodeId(), id -> new ArrayList<>()).add(result);
      }
    }
    if (byMaster.isEmpty()) {
      return;
    }
    Map<String, RedisFuture<Long>> waits = new HashMap<>();
    List<StatefulRedisConnection<String, String>> nodes = new ArrayList<>();
    for (String nodeId : byMaster.keySet()) {
      try {
        StatefulRedisConnection<String, String> node = cluster.getConnection(nodeId);
        nodes.add(node);
        waits.put(nodeId, node.async().waitForReplication(1, timeout.toMillis()));
      } catch (RuntimeException e) {
        byMaster.get(nodeId).forEach(result -> result.failure = e);
      }
    }
    cluster.flushCommands();
    nodes.forEach(StatefulRedisConnection::flushCommands);
    for (Map.Entry<String, RedisFuture<Long>> wait : waits.entrySet()) {
      Throwable failure;
      try {
        long acknowledged = wait.getValue().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        failure = acknowledged >= 1 ? null : new io.lettuce.core.RedisException("WAIT: no replica of Redis Cluster master "
            + wait.getKey() + " acknowledged the batch's writes within " + timeout.toMillis() + " ms");
      } catch (Exception e) {
        failure = e;
      }
      if (failure != null) {
        for (Result result : byMaster.get(wait.getKey())) {
          result.failure = failure;
          result.scriptResults = List.of();
        }
      }
    }
  }

  /** Whether a replica that the cluster does not count as failed follows {@code master}. */
  private static boolean hasReplica(io.lettuce.core.cluster.models.partitions.Partitions partitions,
      io.lettuce.core.cluster.models.partitions.RedisClusterNode master) {
    for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node : partitions) {
      if (master.getNodeId().equals(node.getSlaveOf())
          && !node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.FAIL)
          && !node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
        return true;
      }
    }
    return false;
  }

  private String scriptSha() {
    if (scriptSha == null) {
      scriptSha = load(RedisChainScript.SOURCE);
    }
    return scriptSha;
  }

  private String batchScriptSha() {
    if (batchScriptSha == null) {
      batchScriptSha = load(RedisChainScript.BATCH_SOURCE);
    }
    return batchScriptSha;
  }

  /** {@code SCRIPT LOAD} of {@code source}: its digest, also when Redis is unreachable. */
  private String load(String source) {
    RedisFuture<String> load = redis.scriptLoad(source);
    connection.flushCommands();
    try {
      return load.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Redis unreachable: evalsha with the digest fails too and is retried as an outage
      return redis.digest(source);
    }
  }


}
