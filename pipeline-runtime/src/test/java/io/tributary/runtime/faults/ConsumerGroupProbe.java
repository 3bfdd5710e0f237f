package io.tributary.runtime.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What {@code kafka-consumer-groups --describe} shows a user: lag and members of a group. */
final class ConsumerGroupProbe {
  private ConsumerGroupProbe() {}

  /** Log end offsets minus committed offsets of {@code group}, summed over the partitions of {@code topic}. */
  static long lag(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  /** How many members of {@code group} have partitions assigned right now. */
  static long membersWithPartitions(Admin admin, String group) throws Exception {
    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
        .get(group).get(10, TimeUnit.SECONDS);
    return description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
  }

  /** How many members {@code group} has right now. */
  static int members(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS)
        .members().size();
  }
}
