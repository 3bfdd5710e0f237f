package io.tributary.operator.autoscale;

import java.time.Clock;
import java.time.Duration;

/** The production {@link LagSource}: Kafka targets to Kafka, Redis stream targets to Redis. */
public final class RoutingLagSource implements LagSource {
  private final LagSource kafka;
  private final LagSource redis;

  public RoutingLagSource(LagSource kafka, LagSource redis) {
    this.kafka = kafka;
    this.redis = redis;
  }

  /** Real Kafka and Redis sources that give up on a silent service after {@code timeout}. */
  public static RoutingLagSource create(Clock clock, Duration timeout) {
    return new RoutingLagSource(new KafkaLagSource(clock, timeout), new RedisStreamLagSource(clock, timeout));
  }

  @Override
  public LagObservation observe(LagTarget target) throws LagObservationException {
    return target instanceof LagTarget.KafkaTopic ? kafka.observe(target) : redis.observe(target);
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } catch (Exception ignored) {
      // closing is best effort
    } finally {
      try {
        redis.close();
      } catch (Exception ignored) {
        // closing is best effort
      }
    }
  }
}
