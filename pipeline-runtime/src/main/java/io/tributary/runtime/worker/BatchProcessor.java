package io.tributary.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.ErrorPolicyConfig;
import io.tributary.runtime.ops.JsonLineLayout;
import io.tributary.runtime.ops.Lifecycle;
import io.tributary.runtime.ops.TraceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes one polled batch through the processor chain under the error policy. Returns only when
 * every record either succeeded or is safely in the dead-letter topic — the caller then commits
 * or acknowledges the batch — or when a stop was requested during an outage (nothing of the
 * unfinished records is committed, so they are processed again after the restart), or when a
 * stop was requested while records wait for a retry (likewise: no attempt is spent and nothing
 * is dead-lettered because of the stop).
 *
 * <p>A record's own failure (bad template field, plug-in error, Redis type error) is retried
 * after {@code errorPolicy.backoff} up to {@code maxAttempts} tries, then dead-lettered; bad JSON
 * is dead-lettered at once. With {@code deadLetter: false} nothing is ever dead-lettered, bad JSON
 * included: a failing record is tried again and again and its batch is not committed (the
 * partition waits). A Redis or Kafka outage costs no attempt: the input is paused and the batch
 * retried with backoff until the servers answer again.
 */
final class BatchProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
  private static final Logger RECORDS = LoggerFactory.getLogger("io.tributary.records");
  private static final ObjectMapper JSON = io.tributary.runtime.config.RecordNumbers.recordMapper();
  private static final Duration OUTAGE_BACKOFF_MAX = Duration.ofSeconds(5);

  /** How the input waits while records are retried: Kafka keeps polling (paused) to stay in the group. */
  interface Waiter {
    void pauseFor(Duration duration);

    void resume();

    /**
     * False once the record's partition was revoked from this consumer while the batch waited:
     * its new owner starts from the last commit, so the record is dropped here, not applied.
     */
    default boolean owns(InboundRecord record) {
      return true;
    }
  }

  private final ProcessorChain chain;
  private final boolean copyRecords;
  private final BatchExecutor executor;
  private final DeadLetterPublisher deadLetters;
  private final ErrorPolicyConfig policy;
  private final WorkerMetrics metrics;
  private final Lifecycle lifecycle;
  private final Duration timeout;
  private final DeadLetterHealth deadLetterHealth = new DeadLetterHealth();
  /** {@link #batchStarts} of the batch being processed. */
  private Map<String, Long> batchStarts = Map.of();

  BatchProcessor(ProcessorChain chain, BatchExecutor executor, DeadLetterPublisher deadLetters,
      ErrorPolicyConfig policy, WorkerMetrics metrics, Lifecycle lifecycle, Duration timeout) {
    this.chain = chain;
    this.copyRecords = chain.mayChangeRecords();
    this.executor = executor;
    this.deadLetters = deadLetters;
    this.policy = policy;
    this.metrics = metrics;
    this.lifecycle = lifecycle;
    this.timeout = timeout;
  }

  /** The {@code dead-letter} readiness check: null, or why a record cannot be dead-lettered. */
  String deadLetterProblem() {
    return deadLetterHealth.problem();
  }

  /** Per record state across tries. */
  static final class Item {
    final InboundRecord inbound;
    ObjectNode parsed;
    int attempts;
    Throwable lastError;
    boolean deadLetter;
    /** Set once its dead-letter write failed for good: reported once, then tried again quietly. */
    boolean deadLetterBlocked;
    boolean done;

    Item(InboundRecord inbound) {
      this.inbound = inbound;
    }
  }

  /**
   * @return the items, each done (processed or dead-lettered) when the method returns true
   */
  boolean process(List<Item> items, Waiter waiter) {
    batchStarts = batchStarts(items);
    long now = System.currentTimeMillis();
    List<Item> pending = new ArrayList<>();
    List<Item> toDeadLetter = new ArrayList<>();
    for (Item item : items) {
      metrics.consumed(item.inbound.timestampMillis(), now);
      try {
        item.parsed = parse(item.inbound);
        pending.add(item);
      } catch (RecordFailure e) {
        if (policy.deadLetter()) {
          // parsing again cannot help: to the dead-letter topic at once
          item.attempts = 1;
          item.lastError = e;
          toDeadLetter.add(item);
        } else {
          // never given up: parsed (and counted) again with each try of the batch, which waits
          pending.add(item);
        }
      }
    }
    int outages = 0;
    while (!pending.isEmpty() || !toDeadLetter.isEmpty()) {
      boolean outage = false;
      int maxFailedAttempts = 0;
      if (!pending.isEmpty()) {
        List<Item> stillPending = new ArrayList<>();
        outage = runOnce(pending, stillPending, toDeadLetter);
        for (Item item : stillPending) {
          maxFailedAttempts = Math.max(maxFailedAttempts, item.attempts);
        }
        pending = stillPending;
      }
      if (!toDeadLetter.isEmpty()) {
        outage |= !publishDeadLetters(toDeadLetter);
      }
      if (pending.isEmpty() && toDeadLetter.isEmpty()) {
        break;
      }
      Duration pause;
      if (outage) {
        outages++;
        pause = outageBackoff(outages);
      } else {
        pause = policy.backoff().delayAfter(Math.max(1, maxFailedAttempts));
      }
      if (lifecycle.isStopping()) {
        // Never spend a record's remaining attempts on the way out: the stop cuts its backoff
        // short, so the tries would come within a second and dead-letter a record that failed
        // for a passing reason. Left uncommitted, it gets its full tries from the partition's next owner.
        LOG.warn("stopping with {} records unfinished; they are not committed and will be processed again",
            pending.size() + toDeadLetter.size());
        return false;
      }
      waiter.pauseFor(pause);
      int before = pending.size() + toDeadLetter.size();
      pending.removeIf(item -> !waiter.owns(item.inbound));
      toDeadLetter.removeIf(item -> !waiter.owns(item.inbound));
      int dropped = before - pending.size() - toDeadLetter.size();
      if (dropped > 0) {
        LOG.info("{} unfinished records belong to partitions revoked meanwhile; left to their new owner", dropped);
      }
    }
    if (outages > 0) {
      LOG.info("Redis and Kafka answer again; resuming");
    }
    waiter.resume();
    return true;
  }

  /**
   * Per Kafka partition ({@link ReplayGuard#partitionOf}), the offset of the batch's first record:
   * every record before it was done before this batch was polled (see {@link ReplayGuard}).
   */
  private static Map<String, Long> batchStarts(List<Item> items) {
    Map<String, Long> starts = new HashMap<>();
    for (Item item : items) {
      if (item.inbound.partition() >= 0) {
        starts.merge(ReplayGuard.partitionOf(item.inbound), item.inbound.offset(), Math::min);
      }
    }
    return starts;
  }

  /** One try of the pending items. @return true when an outage (not a record failure) was seen */
  private boolean runOnce(List<Item> pending, List<Item> stillPending, List<Item> toDeadLetter) {
    boolean outage = false;
    List<RecordPlan> plans = new ArrayList<>();
    List<Item> planned = new ArrayList<>();
    for (Item item : pending) {
      try {
        if (item.parsed == null) {
          item.parsed = parse(item.inbound); // bad JSON kept with deadLetter false: fails again
        }
        // a plug-in may change the record in place: each try starts from the record as read
        plans.add(chain.plan(item.inbound, copyRecords ? item.parsed.deepCopy() : item.parsed));
        planned.add(item);
      } catch (RecordFailure e) {
        recordFailed(item, e, stillPending, toDeadLetter);
      }
    }
    List<BatchExecutor.Result> results = plans.isEmpty() ? List.of() : executor.execute(plans, batchStarts);
    long now = System.currentTimeMillis();
    for (int i = 0; i < results.size(); i++) {
      BatchExecutor.Result result = results.get(i);
      Item item = planned.get(i);
      if (result.deferred) {
        stillPending.add(item); // waits for an earlier record with its dedupe key; no attempt spent
      } else if (result.failure == null) {
        succeeded(item, result, now);
      } else if (Failures.isRecordFailure(result.failure)) {
        recordFailed(item, Failures.unwrap(result.failure), stillPending, toDeadLetter);
      } else {
        if (!outage) {
          LOG.warn("Redis or Kafka unavailable, pausing the input: {}", Failures.unwrap(result.failure).toString());
        }
        outage = true;
        stillPending.add(item);
      }
    }
    // keep the input order for the next try, so that a key's latest value stays the latest
    stillPending.sort(java.util.Comparator.comparingInt(pending::indexOf));
    return outage;
  }

  /** @throws RecordFailure when the value is not JSON, or JSON but no object */
  private static ObjectNode parse(InboundRecord inbound) {
    JsonNode node;
    try {
      node = JSON.readTree(inbound.value());
    } catch (Exception e) {
      throw new RecordFailure("invalid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new RecordFailure("the record is not a JSON object: " + abbreviate(inbound.valueAsText()));
    }
    String unpaired = unpairedSurrogate(node, "");
    if (unpaired != null) {
      // UTF-8 cannot carry it: Redis would get "?" in its place, so that two different records
      // wrote the same key and the record read back from Redis is not the record sent
      throw new RecordFailure("invalid text: " + unpaired + " holds an unpaired UTF-16 surrogate (a \\ud800-\\udfff"
          + " escape without its pair, or CESU-8 bytes), which no UTF-8 key or value can carry");
    }
    return (ObjectNode) node;
  }

  /**
   * Where a text or a field name of the record holds a high surrogate without its low one, or a low
   * one alone (RFC 8259 §8.2 leaves such texts unpredictable, I-JSON forbids them); null when none.
   * Jackson's nesting limit (1000) bounds the recursion.
   */
  static String unpairedSurrogate(JsonNode node, String path) {
    if (node.isTextual()) {
      return wellFormed(node.textValue()) ? null : (path.isEmpty() ? "the record" : path);
    }
    if (node.isObject()) {
      for (java.util.Map.Entry<String, JsonNode> member : node.properties()) {
        String where = path.isEmpty() ? "field " + member.getKey() : path + "." + member.getKey();
        if (!wellFormed(member.getKey())) {
          return "a field name in " + (path.isEmpty() ? "the record" : path);
        }
        String found = unpairedSurrogate(member.getValue(), where);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = unpairedSurrogate(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private void recordFailed(Item item, Throwable error, List<Item> stillPending, List<Item> toDeadLetter) {
    item.attempts++;
    item.lastError = error;
    metrics.processed(error instanceof RecordFailure failure ? failure.processor : "chain", "error");
    withCorrelationId(item.inbound, () -> LOG.warn("record {}[{}]@{} failed (attempt {} of {}): {}",
        item.inbound.source(), item.inbound.partition(), item.inbound.position(), item.attempts,
        policy.maxAttempts(), error.getMessage()));
    if (item.attempts >= policy.maxAttempts() && policy.deadLetter()) {
      toDeadLetter.add(item);
    } else {
      stillPending.add(item);
    }
  }

  private void succeeded(Item item, BatchExecutor.Result result, long now) {
    RecordPlan plan = result.plan;
    for (String[] local : plan.localOutcomes) {
      metrics.processed(local[0], local[1]);
    }
    if (result.replayed) {
      // its effects were applied when it was delivered before: nothing happened this time
      metrics.replayed();
      for (String kind : plan.opKinds) {
        metrics.processed(kind, "dropped");
      }
      for (boolean forwarded : result.forwardsDone) {
        metrics.processed("forward", forwarded ? "ok" : "dropped");
      }
      metrics.endToEnd(item.inbound.timestampMillis(), now);
      item.done = true;
      return;
    }
    for (int op = 0; op < plan.opKinds.size(); op++) {
      String kind = plan.opKinds.get(op);
      if (op >= result.scriptResults.size()) {
        break;
      }
      long value = result.scriptResults.get(op);
      if (value == RedisChainScript.DUPLICATE) {
        metrics.processed(kind, "dropped");
        break;
      }
      metrics.processed(kind, "ok");
      if ("cacheLatest".equals(kind)) {
        metrics.cacheWrite(value == 1);
      } else if ("publish".equals(kind)) {
        metrics.published();
      }
    }
    for (boolean forwarded : result.forwardsDone) {
      metrics.processed("forward", forwarded ? "ok" : "dropped");
    }
    for (RecordPlan.Guarded log : plan.logs) {
      if (result.passedDedupes(log.dedupesBefore())) {
        withCorrelationId(item.inbound, () -> RECORDS.info(log.json()));
        metrics.processed("log", "ok");
      }
    }
    metrics.endToEnd(item.inbound.timestampMillis(), now);
    item.done = true;
  }

  /**
   * Writes the records due for the dead-letter topic.
   *
   * <p>A write that fails for a {@link DeadLetterErrors#isPermanent permanent} reason is reported
   * once per record — {@code tributary_dead_letter_failures_total{reason}}, an ERROR line naming
   * the record and the topic, the {@code dead-letter} readiness check failing with that text —
   * and the record stays due: it is neither committed nor dropped, and the write is tried again
   * with the outage backoff, so fixing the cause (topic size limit, ACL) lets the partition go on.
   *
   * @return false when some record could not be written (its batch waits)
   */
  private boolean publishDeadLetters(List<Item> toDeadLetter) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (Item item : toDeadLetter) {
      try {
        sends.add(deadLetters.send(item.inbound, item.lastError, item.attempts));
      } catch (RuntimeException e) {
        // send() itself throws for some refusals (e.g. a serializer error or an invalid topic)
        sends.add(java.util.concurrent.CompletableFuture.failedFuture(e));
      }
    }
    List<Item> failed = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) {
      Item item = toDeadLetter.get(i);
      String where = item.inbound.source() + "[" + item.inbound.partition() + "]@" + item.inbound.position();
      try {
        sends.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        item.done = true;
        item.deadLetter = true;
        metrics.deadLettered();
        if (item.deadLetterBlocked) {
          deadLetterHealth.cleared(where);
          LOG.info("record {} is in {} after all; the partition goes on", where, deadLetters.topic());
        }
        withCorrelationId(item.inbound, () -> LOG.warn("record {} sent to {} after {} attempt(s): {}",
            where, deadLetters.topic(), item.attempts, item.lastError.toString()));
      } catch (Exception e) {
        if (!DeadLetterErrors.isPermanent(e)) {
          LOG.warn("cannot write to the dead-letter topic {}: {}", deadLetters.topic(), e.toString());
        } else if (!item.deadLetterBlocked) {
          item.deadLetterBlocked = true;
          String reason = DeadLetterErrors.reason(e);
          String text = reason + ": record " + where + " cannot be written to the dead-letter topic "
              + deadLetters.topic() + ", the partition waits (" + Failures.unwrap(e).getMessage() + ")";
          metrics.deadLetterFailed(reason);
          deadLetterHealth.blocked(where, text);
          withCorrelationId(item.inbound, () -> LOG.error("{}; not ready until it is written", text));
        }
        failed.add(item);
      }
    }
    toDeadLetter.clear();
    toDeadLetter.addAll(failed);
    return failed.isEmpty();
  }

  /** {@code min(5s, 200ms * 2^(n-1))} after the n-th consecutive outage. */
  private static Duration outageBackoff(int outages) {
    long millis = 200L << Math.min(10, outages - 1);
    return Duration.ofMillis(Math.min(OUTAGE_BACKOFF_MAX.toMillis(), millis));
  }

  /** Runs {@code action} with the record's correlation id and W3C trace id (ECS trace.id) in the MDC. */
  private static void withCorrelationId(InboundRecord record, Runnable action) {
    String traceId = TraceContext.traceIdOf(record.headers());
    try (MDC.MDCCloseable id = record.correlationId() == null ? null
            : MDC.putCloseable(JsonLineLayout.CORRELATION_ID, record.correlationId());
        MDC.MDCCloseable trace = traceId == null ? null : MDC.putCloseable(JsonLineLayout.TRACE_ID, traceId)) {
      action.run();
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
