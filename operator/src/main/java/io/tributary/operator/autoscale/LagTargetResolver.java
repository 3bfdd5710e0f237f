package io.tributary.operator.autoscale;

import io.tributary.operator.model.ScalingPolicy;
import io.tributary.api.v1alpha1.Worker;

/** Where a Worker's backlog is (its Pipeline's Kafka cluster or Redis, its topic or stream). */
public interface LagTargetResolver {
  /**
   * @throws LagObservationException when it cannot be known (e.g. the Pipeline does not exist)
   */
  LagTarget resolve(Worker worker, ScalingPolicy policy) throws LagObservationException;
}
