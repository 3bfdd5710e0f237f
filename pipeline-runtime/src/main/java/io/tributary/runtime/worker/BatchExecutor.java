package io.tributary.runtime.worker;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Carries out the plans of one batch with one wait per stage, never one round trip per record:
 * (1) for forwards that follow a dedupe, one pipelined {@code EXISTS} per dedupe key; (2) every
 * forward produced asynchronously, awaited together; (3) one {@code EVALSHA} of
 * {@link RedisChainScript} per record, pipelined, flushed once and awaited together.
 *
 * <p>Forwards go first: a crash between a forward and the script replays the record, which
 * forwards again (at-least-once) and then writes Redis once. The other order could lose a forward
 * behind a dedupe marker.
 */
final class BatchExecutor {
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final Producer<byte[], byte[]> producer;
  private final Duration timeout;
  private String scriptSha;

  /** The outcome of one plan: script results, or the failure. */
  static final class Result {
    final RecordPlan plan;
    List<Long> scriptResults = List.of();
    final List<Boolean> forwardsDone = new ArrayList<>();
    Throwable failure;

    Result(RecordPlan plan) {
      this.plan = plan;
    }

    /** True when every dedupe among the first {@code dedupes} found its key new. */
    boolean passedDedupes(int dedupes) {
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
      Duration timeout) {
    this.connection = connection;
    this.redis = connection.async();
    this.producer = producer;
    this.timeout = timeout;
    connection.setAutoFlushCommands(false);
  }

  List<Result> execute(List<RecordPlan> plans) {
    List<Result> results = new ArrayList<>(plans.size());
    for (RecordPlan plan : plans) {
      results.add(new Result(plan));
    }
    List<List<Boolean>> allowed = peekForwards(results);
    produceForwards(results, allowed);
    runScripts(results);
    return results;
  }

  /** For each result, which of its forwards may go (false: a dedupe before it saw the key). */
  private List<List<Boolean>> peekForwards(List<Result> results) {
    List<List<Boolean>> allowed = new ArrayList<>();
    List<RedisFuture<Long>> futures = new ArrayList<>();
    List<List<RedisFuture<Long>>> perResult = new ArrayList<>();
    for (Result result : results) {
      List<RedisFuture<Long>> mine = new ArrayList<>();
      int needed = result.plan.forwards.stream().mapToInt(RecordPlan.Forward::dedupesBefore).max().orElse(0);
      for (int d = 0; d < needed; d++) {
        RedisFuture<Long> future = redis.exists(result.plan.dedupeKeys.get(d));
        mine.add(future);
        futures.add(future);
      }
      perResult.add(mine);
    }
    if (!futures.isEmpty()) {
      connection.flushCommands();
    }
    // a key seen earlier in this batch counts as existing: the earlier record will set it first
    Set<String> claimed = new HashSet<>();
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      List<Boolean> forwards = new ArrayList<>();
      try {
        List<Boolean> fresh = new ArrayList<>();
        for (int d = 0; d < perResult.get(r).size(); d++) {
          long exists = perResult.get(r).get(d).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          fresh.add(exists == 0 && !claimed.contains(result.plan.dedupeKeys.get(d)));
        }
        for (RecordPlan.Forward forward : result.plan.forwards) {
          boolean go = true;
          for (int d = 0; d < forward.dedupesBefore(); d++) {
            go &= fresh.get(d);
          }
          forwards.add(go);
        }
      } catch (Exception e) {
        result.failure = e;
      }
      claimed.addAll(result.plan.dedupeKeys);
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

  private void runScripts(List<Result> results) {
    List<RedisFuture<List<Object>>> futures = new ArrayList<>();
    String sha = scriptSha();
    for (Result result : results) {
      RecordPlan plan = result.plan;
      if (result.failure != null || !plan.hasRedisOps()) {
        futures.add(null);
        continue;
      }
      futures.add(redis.evalsha(sha, ScriptOutputType.MULTI,
          plan.scriptKeys.toArray(String[]::new), plan.scriptArgs.toArray(String[]::new)));
    }
    connection.flushCommands();
    boolean noScript = false;
    for (int r = 0; r < results.size(); r++) {
      RedisFuture<List<Object>> future = futures.get(r);
      if (future == null) {
        continue;
      }
      Result result = results.get(r);
      try {
        List<Object> raw = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<Long> values = new ArrayList<>(raw.size());
        for (Object value : raw) {
          values.add((Long) value);
        }
        result.scriptResults = values;
      } catch (Exception e) {
        result.failure = e;
        noScript |= Failures.isNoScript(e);
      }
    }
    if (noScript) {
      scriptSha = null; // Redis restarted and lost its script cache: load it again next try
    }
  }

  private String scriptSha() {
    if (scriptSha == null) {
      RedisFuture<String> load = redis.scriptLoad(RedisChainScript.SOURCE);
      connection.flushCommands();
      try {
        scriptSha = load.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // Redis unreachable: evalsha with the digest fails too and is retried as an outage
        scriptSha = redis.digest(RedisChainScript.SOURCE);
        return scriptSha;
      }
    }
    return scriptSha;
  }
}
