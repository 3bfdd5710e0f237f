package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.topics.TopicAdmin;
import java.time.Clock;

/**
 * What the reconcilers (and extensions such as the autoscaler) share: built once per operator.
 *
 * @param client the operator's client
 * @param settings operator settings
 * @param children create/update-if-different of children
 * @param events Event writer
 * @param conditions condition bookkeeping
 * @param capabilities which optional CRDs the cluster serves
 * @param topicAdmins Kafka Admin API access for plain-Kafka Pipelines
 * @param meters the operator's meter registry
 * @param clock time source
 * @param redrives the redrives ({@code spec.redrive}) running in this operator
 * @param redisAclAdmins admin connections to Redis for the components' ACL users ({@code spec.redis.acl})
 */
public record OperatorServices(
    KubernetesClient client,
    OperatorSettings settings,
    ChildApplier children,
    EventRecorder events,
    ConditionsHelper conditions,
    ApiCapabilities capabilities,
    TopicAdmin.Factory topicAdmins,
    MeterRegistry meters,
    Clock clock,
    RedriveRunners redrives,
    RedisAclAdmin.Factory redisAclAdmins) {

  public static OperatorServices create(
      KubernetesClient client, OperatorSettings settings, TopicAdmin.Factory topicAdmins, MeterRegistry meters,
      Clock clock) {
    return create(client, settings, topicAdmins, meters, clock, LettuceRedisAclAdmin.FACTORY);
  }

  /** As {@link #create(KubernetesClient, OperatorSettings, TopicAdmin.Factory, MeterRegistry, Clock)}, with Redis admin connections of its own. */
  public static OperatorServices create(
      KubernetesClient client, OperatorSettings settings, TopicAdmin.Factory topicAdmins, MeterRegistry meters,
      Clock clock, RedisAclAdmin.Factory redisAclAdmins) {
    EventRecorder events = new EventRecorder(client, clock);
    return new OperatorServices(
        client, settings, new ChildApplier(client, events, meters), events, new ConditionsHelper(clock),
        new ApiCapabilities(client, clock), topicAdmins, meters, clock,
        new RedriveRunners(), redisAclAdmins);
  }
}
