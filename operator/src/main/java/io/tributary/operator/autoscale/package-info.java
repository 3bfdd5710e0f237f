/**
 * The lag autoscaler of DESIGN §4.
 *
 * <ul>
 *   <li>Decision (pure): {@link io.tributary.operator.autoscale.ScalingDecider} over a
 *       {@link io.tributary.operator.autoscale.ScalingInput}, with rates from
 *       {@link io.tributary.operator.autoscale.RateEstimator} and the per-Worker memory
 *       {@link io.tributary.operator.autoscale.ScalerMemory} (sample window, recommendation
 *       history, remembered per-replica rate, last time lag was seen).
 *   <li>Observation: {@link io.tributary.operator.autoscale.LagSource} —
 *       {@link io.tributary.operator.autoscale.KafkaLagSource} (Admin API, one client per
 *       cluster), {@link io.tributary.operator.autoscale.RedisStreamLagSource} ({@code XINFO}, on the stream's master of a Redis Cluster when the Pipeline says {@code spec.redis.cluster: true}).
 *   <li>Action: {@link io.tributary.operator.autoscale.WorkerAutoscaler}, the single writer of an
 *       autoscaled Worker's Deployment replicas, behind small interfaces
 *       ({@link io.tributary.operator.autoscale.ReplicaWriter},
 *       {@link io.tributary.operator.autoscale.ScalerEvents},
 *       {@link io.tributary.operator.autoscale.ScalerStatusWriter},
 *       {@link io.tributary.operator.autoscale.LagTargetResolver}); plugged into the operator by
 *       {@link io.tributary.operator.autoscale.AutoscalerExtension}.
 *   <li>KEDA mode: {@link io.tributary.operator.model.KedaScaledObjectModel} (a model: the reconciler writes it).
 * </ul>
 */
package io.tributary.operator.autoscale;
