package io.tributary.runtime.faults;

import static org.awaitility.Awaitility.await;

import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.embedded.SupervisedProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka cluster of three KRaft nodes (each broker and controller) on 127.0.0.1, each node
 * its own JVM ({@code kafka.Kafka server.properties}), so that {@link #kill(int)} is a real crash
 * of one broker and one of the three controller voters. Topics get replication factor 3 and
 * {@code min.insync.replicas=2}: with one node down, {@code acks=all} writes still succeed.
 * Brokers are fenced 6 s after their last heartbeat (instead of 9 s), which only shortens the
 * time partitions led by a dead node have no leader.
 */
final class KafkaCluster implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";
  private static final Duration READY = Duration.ofSeconds(120);

  private final Path dir;
  private final int size;
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final SupervisedProcess[] nodes;

  private KafkaCluster(Path dir, int size) {
    this.dir = dir;
    this.size = size;
    this.brokerPorts = new int[size + 1];
    this.controllerPorts = new int[size + 1];
    this.nodes = new SupervisedProcess[size + 1];
  }

  /** Formats and starts {@code size} nodes (ids 1..size) and waits until every broker serves. */
  static KafkaCluster start(Path dir, int size) throws Exception {
    KafkaCluster cluster = new KafkaCluster(dir, size);
    try {
      cluster.formatAndStart();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void formatAndStart() throws Exception {
    for (int id = 1; id <= size; id++) {
      brokerPorts[id] = FreePorts.next();
      controllerPorts[id] = FreePorts.next();
    }
    String voters = java.util.stream.IntStream.rangeClosed(1, size)
        .mapToObj(id -> id + "@127.0.0.1:" + controllerPorts[id]).collect(Collectors.joining(","));
    String clusterId = Uuid.randomUuid().toString();
    for (int id = 1; id <= size; id++) {
      Path data = Files.createDirectories(dir.resolve("node-" + id + "/data"));
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(id)
          .setClusterId(clusterId)
          .setDirectories(List.of(data.toString()))
          .setMetadataLogDirectory(data.toString())
          .setControllerListenerName(CONTROLLER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
      try (var out = Files.newOutputStream(properties(id))) {
        serverProperties(id, voters, data).store(out, "node " + id + " of the fault-test cluster");
      }
    }
    for (int id = 1; id <= size; id++) {
      startNode(id);
    }
    awaitBrokers(size);
  }

  /** {@code host:port} of every node, for {@code bootstrap.servers}. */
  String bootstrapServers() {
    return java.util.stream.IntStream.rangeClosed(1, size).mapToObj(id -> "127.0.0.1:" + brokerPorts[id])
        .collect(Collectors.joining(","));
  }

  /** A new admin client for the cluster; the caller closes it. */
  Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
  }

  /** Creates a topic with replication factor 3 and waits until every partition has a leader that serves. */
  void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) size))).all().get(30, TimeUnit.SECONDS);
      // the controller acknowledges before the leaders serve; ListOffsets is answered by the leader itself
      await("partitions of " + name + " served").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        describe(admin, name).partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()),
            OffsetSpec.latest()));
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return true;
      });
    }
  }

  /** The node that leads the most partitions of {@code topic}: killing it moves the most leaders. */
  int busiestLeader(String topic) throws Exception {
    try (Admin admin = admin()) {
      return describe(admin, topic).partitions().stream().map(p -> p.leader().id())
          .collect(Collectors.groupingBy(id -> id, Collectors.counting())).entrySet().stream()
          .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
  }

  /** kill -9 of node {@code id}: its JVM ends at once, without telling the controllers or its clients. */
  void kill(int id) throws InterruptedException {
    nodes[id].kill();
    nodes[id].close();
    nodes[id] = null;
  }

  /** Starts a {@link #kill(int) killed} node again on its ports and its data, as a restarted pod would. */
  void restart(int id) {
    startNode(id);
  }

  /** Waits until {@code count} brokers are registered and not fenced. */
  void awaitBrokers(int count) {
    try (Admin admin = admin()) {
      await(count + " live brokers").atMost(READY).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(() -> liveBrokers(admin).size() == count);
    }
  }

  /** Waits until every partition of {@code topic} has all replicas in sync again (nothing under-replicated). */
  void awaitFullyReplicated(String topic) {
    try (Admin admin = admin()) {
      await(topic + " fully replicated").atMost(READY).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(() -> describe(admin, topic).partitions().stream().allMatch(p -> p.isr().size() == size));
    }
  }

  /** The ids of the brokers the cluster reports as live right now. */
  List<Integer> liveBrokers(Admin admin) throws Exception {
    return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).sorted().toList();
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
  }

  private void startNode(int id) {
    nodes[id] = ChildJvm.start("kafka-" + id, "384m", "kafka.Kafka", List.of(properties(id).toString()), Map.of(),
        dir.resolve("node-" + id + ".log"));
  }

  private Path properties(int id) {
    return dir.resolve("node-" + id + "/server.properties");
  }

  private Properties serverProperties(int id, String voters, Path data) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(id));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[id] + "," + CONTROLLER + "://127.0.0.1:"
        + controllerPorts[id]);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[id]);
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.put("log.dirs", data.toString());
    p.put("auto.create.topics.enable", "false");
    p.put("default.replication.factor", String.valueOf(size));
    p.put("min.insync.replicas", "2");
    p.put("unclean.leader.election.enable", "false");
    p.put("offsets.topic.replication.factor", String.valueOf(size));
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", String.valueOf(size));
    p.put("transaction.state.log.min.isr", "2");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", String.valueOf(size));
    p.put("share.coordinator.state.topic.min.isr", "2");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("broker.session.timeout.ms", "6000");
    p.put("broker.heartbeat.interval.ms", "1000");
    p.put("replica.lag.time.max.ms", "10000");
    p.put("log.segment.bytes", String.valueOf(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("background.threads", "2");
    return p;
  }

  /**
   * Ends every node with SIGKILL (their data is thrown away, and a graceful stop of the last
   * nodes would wait for a controller quorum that is gone) and deletes the data; the node logs stay.
   */
  @Override
  public void close() {
    for (int id = 1; id <= size; id++) {
      if (nodes[id] != null) {
        try {
          nodes[id].kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        nodes[id].close();
        nodes[id] = null;
      }
      deleteTree(dir.resolve("node-" + id));
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: the OS cleans the temporary directory eventually
    }
  }
}
