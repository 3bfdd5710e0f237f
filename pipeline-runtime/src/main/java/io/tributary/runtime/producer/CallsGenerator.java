package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.SourceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Phone calls as a Poisson process: the gaps between arrivals are exponential with mean
 * {@code 60 / callsPerMinute} seconds, and each call lasts an exponential time with mean
 * {@code meanDurationSeconds}. One record per call at its arrival: {@code call_id, caller, callee,
 * duration} (seconds, one decimal), {@code start_ts} and {@code ts} (both the arrival, ISO-8601).
 */
public final class CallsGenerator implements GeneratedSource {
  private final Random random;
  private final double meanGapNanos;
  private final double meanDurationSeconds;
  private Instant nextArrival;

  public CallsGenerator(SourceConfig.Calls config, Random random, Instant start) {
    this.random = random;
    this.meanGapNanos = 60e9 / config.callsPerMinute();
    this.meanDurationSeconds = config.meanDurationSeconds();
    this.nextArrival = start.plusNanos(nextGapNanos());
  }

  private long nextGapNanos() {
    return Math.round(RandomValues.exponential(random, meanGapNanos));
  }

  @Override
  public List<ObjectNode> poll(Instant now) {
    List<ObjectNode> records = new ArrayList<>();
    while (!nextArrival.isAfter(now) && records.size() < MAX_RECORDS_PER_POLL) {
      records.add(call(nextArrival));
      nextArrival = nextArrival.plusNanos(nextGapNanos());
    }
    return records;
  }

  @Override
  public Instant nextDue() {
    return nextArrival;
  }

  private ObjectNode call(Instant arrival) {
    String caller = RandomValues.phoneNumber(random);
    String callee = RandomValues.phoneNumber(random);
    while (callee.equals(caller)) {
      callee = RandomValues.phoneNumber(random);
    }
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("call_id", RandomValues.uuid(random));
    record.put("caller", caller);
    record.put("callee", callee);
    record.put("duration", RandomValues.round(
        RandomValues.exponential(random, meanDurationSeconds), 1));
    record.put("start_ts", arrival.toString());
    record.put("ts", arrival.toString());
    return record;
  }
}
