package io.tributary.operator.autoscale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka lag through the Admin API: per partition the earliest and latest offsets
 * ({@code listOffsets}) and the group's committed offsets ({@code listConsumerGroupOffsets});
 * {@link PartitionLag#of} turns them into lag. One Admin client per bootstrap string (and client
 * properties) is shared by every Worker on that cluster, and closed once unused for
 * {@link io.tributary.operator.topics.IdleClients#DEFAULT_IDLE}.
 */
public final class KafkaLagSource implements LagSource {
  private final io.tributary.operator.topics.IdleClients<Admin> admins;
  private final Clock clock;
  private final Duration timeout;

  /**
   * @param clock stamps the observations
   * @param timeout the longest one observation may wait for the cluster
   */
  public KafkaLagSource(Clock clock, Duration timeout) {
    this(clock, timeout, io.tributary.operator.topics.IdleClients.DEFAULT_IDLE);
  }

  /**
   * @param idle how long an Admin client stays open unused (a Worker gone, a rotated credential:
   *     its key is asked for no more)
   */
  KafkaLagSource(Clock clock, Duration timeout, Duration idle) {
    this.clock = clock;
    this.timeout = timeout;
    this.admins = new io.tributary.operator.topics.IdleClients<>(clock, idle, admin -> admin.close(Duration.ofSeconds(2)));
  }

  @Override
  public LagObservation observe(LagTarget target) throws LagObservationException {
    if (!(target instanceof LagTarget.KafkaTopic topic)) {
      throw new IllegalArgumentException("not a Kafka target: " + target.describe());
    }
    Admin admin = admin(topic);
    int timeoutMs = (int) timeout.toMillis();
    try {
      TopicDescription description = admin
          .describeTopics(List.of(topic.topic()), new DescribeTopicsOptions().timeoutMs(timeoutMs))
          .allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).get(topic.topic());
      List<TopicPartition> partitions = new ArrayList<>();
      description.partitions().forEach(p -> partitions.add(new TopicPartition(topic.topic(), p.partition())));
      Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(admin, partitions, OffsetSpec.latest(), timeoutMs);
      Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(admin, partitions, OffsetSpec.earliest(), timeoutMs);
      Map<TopicPartition, OffsetAndMetadata> committed = admin
          .listConsumerGroupOffsets(topic.group(), new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
          .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
      Instant at = clock.instant();
      Map<Integer, PartitionLag> byPartition = new TreeMap<>();
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        byPartition.put(tp.partition(), PartitionLag.of(tp.partition(), earliest.get(tp).offset(),
            latest.get(tp).offset(), c == null ? null : c.offset(), topic.offsetResetPolicy()));
      }
      return LagObservation.ofPartitions(at, new ArrayList<>(byPartition.values()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LagObservationException("Kafka Admin API: interrupted", e);
    } catch (TimeoutException e) {
      throw new LagObservationException("Kafka Admin API at " + topic.bootstrapServers() + ": no answer within "
          + timeout.toSeconds() + "s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof UnknownTopicOrPartitionException) {
        throw new LagObservationException("Kafka Admin API at " + topic.bootstrapServers() + ": topic "
            + topic.topic() + " does not exist", cause);
      }
      throw new LagObservationException("Kafka Admin API at " + topic.bootstrapServers() + ": "
          + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
  }

  private static Map<TopicPartition, ListOffsetsResultInfo> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec, int timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    return admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private Admin admin(LagTarget.KafkaTopic topic) {
    String key = topic.bootstrapServers() + "|" + new TreeMap<>(topic.clientProperties());
    return admins.get(key, () -> {
      Properties props = new Properties();
      props.putAll(topic.clientProperties());
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-autoscaler");
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      return Admin.create(props);
    });
  }

  /** How many Admin clients are open (one per cluster). */
  public int adminClients() {
    return admins.size();
  }

  @Override
  public void close() {
    admins.close();
  }
}
