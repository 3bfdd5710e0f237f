package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.operator.model.ScalingPolicy;
import io.tributary.api.v1alpha1.OffsetResetPolicy;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka goes away: the observation fails with a clear error, the decision holds, then recovers. */
class KafkaDownIT {

  @Test
  void observationFailsClearlyAndTheDeciderHoldsUntilKafkaIsBack() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(3))) {
      kafka.createTopic("orders", 3);
      LagTarget target = new LagTarget.KafkaTopic(kafka.bootstrapServers(), Map.of(), "orders", "g", OffsetResetPolicy.EARLIEST);
      ScalingPolicy policy = ScalingPolicy.defaults();
      ScalerMemory memory = new ScalerMemory(Instant.now());
      memory.observed(source.observe(target), 4, 4, policy, Instant.now());

      kafka.stop();
      LagObservationException failure = catchThrowableOfType(LagObservationException.class, () -> source.observe(target));
      ScalingDecision held = memory.failed(failure.getMessage(), 4, policy, Instant.now());

      assertThat(failure.getMessage()).startsWith("Kafka Admin API at " + kafka.bootstrapServers() + ": ");
      assertThat(held.direction()).isEqualTo(ScalingDirection.HOLD);
      assertThat(held.desiredReplicas()).isEqualTo(4);
      assertThat(held.reason()).isEqualTo("metrics unavailable (" + failure.getMessage() + "); holding 4 replicas");

      kafka.restart();
      LagObservation back = source.observe(target);
      assertThat(back.partitionCount()).isEqualTo(3);
      assertThat(memory.observed(back, 4, 4, policy, Instant.now()).direction()).isNotEqualTo(ScalingDirection.HOLD);
    }
  }
}
