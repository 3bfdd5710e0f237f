package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.sandbox.kube.AuditLog;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.embedded.SupervisedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Leader election against the real Lease API with two operator processes ({@code run}, each with
 * its own user, so the audit log says who wrote): the standby takes over within the lease duration
 * after {@code kill -9} of the leader, and a leader whose lease is taken away stops writing at once
 * (reconcilers and the lag autoscaler) while its liveness fails.
 */
@RealControlPlane
class LeaderElectionOnRealServerIT {
  /** JOSDK's defaults, which the operator keeps: lease 15 s, renew deadline 10 s, retry every 2 s. */
  private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
  private static final String LEASE = OperatorSettings.DEFAULT_LEASE_NAME;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theStandbyTakesOverAfterKillMinusNineAndALeaderThatLosesItsLeaseStopsWriting(LocalControlPlane plane,
      TestNamespace namespace) throws Exception {
    ClusterCrds.install(plane, ClusterCrds.ours());
    String ns = namespace.name();
    Path dir = Files.createDirectories(Path.of("target", "leader-election-it", ns));
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        KubernetesClient admin = plane.adminClient();
        OperatorProcess a = OperatorProcess.start(plane, "tributary-operator", "operator-a", ns, dir);
        OperatorProcess b = OperatorProcess.start(plane, "tributary-operator-2", "operator-b", ns, dir)) {
      admin.resource(pipeline(ns, kafka.bootstrapServers())).create();
      admin.resource(autoscaledWorker(ns)).create();
      String first = await("a leader").atMost(Duration.ofSeconds(60)).until(() -> holder(admin, ns), h -> h != null
          && (h.equals(a.identity()) || h.equals(b.identity())));
      OperatorProcess leader = first.equals(a.identity()) ? a : b;
      OperatorProcess standby = leader == a ? b : a;
      await("the leader creates the Worker's Deployment").atMost(Duration.ofSeconds(60)).until(() ->
          !admin.apps().deployments().inNamespace(ns).list().getItems().isEmpty());
      assertThat(plane.audit().writesSince(0, standby.user()))
          .as("writes by the standby %s", standby.identity())
          .noneMatch(w -> w.namespace().equals(ns) && !w.resource().equals("leases"));

      // records keep coming, so the autoscaler has a changing lag to write while it leads
      try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
        ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
        feed.scheduleAtFixedRate(() -> producer.send(new ProducerRecord<>("ticks", "k", "{\"symbol\":\"A\"}")),
            0, 50, TimeUnit.MILLISECONDS);
        try {
          leader.kill9();
          long killedAt = System.nanoTime();
          await("the standby takes the lease").atMost(LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(2)))
              .until(() -> standby.identity().equals(holder(admin, ns)));
          System.out.printf("takeover after kill -9: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
          await("the new leader's autoscaler writes the Worker's status").atMost(Duration.ofSeconds(60)).until(() ->
              plane.audit().writesSince(0, standby.user()).stream()
                  .anyMatch(w -> w.resource().equals("workers") && w.subresource().equals("status")));

          // the lease is taken away: another holder keeps renewing it
          ScheduledExecutorService usurper = Executors.newSingleThreadScheduledExecutor();
          usurper.scheduleAtFixedRate(() -> usurp(admin, ns), 0, 1, TimeUnit.SECONDS);
          try {
            await("the deposed leader's liveness fails").atMost(Duration.ofSeconds(30))
                .until(() -> standby.healthStatus(http) == 503);
            long deposed = plane.audit().mark();
            io.tributary.operator.testing.Conflicts.retry(() -> admin.resources(Worker.class).inNamespace(ns).withName("ticker").edit(w -> {
              w.getSpec().getAutoscaling().setMaxReplicas(4);
              return w;
            }));
            Thread.sleep(LEASE_DURATION.toMillis()); // several autoscaler polls and a reconcile would have written
            List<AuditLog.Write> after = plane.audit().writesSince(deposed, standby.user()).stream()
                .filter(w -> !w.resource().equals("leases") && !w.resource().equals("events")).toList();
            assertThat(after).as("writes by %s after it lost its lease", standby.identity()).isEmpty();
          } finally {
            usurper.shutdownNow();
          }
        } finally {
          feed.shutdownNow();
        }
      }
    }
  }

  private static String holder(KubernetesClient client, String ns) {
    Lease lease = client.leases().inNamespace(ns).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void usurp(KubernetesClient client, String ns) {
    try {
      client.leases().inNamespace(ns).withName(LEASE).edit(lease -> new LeaseBuilder(lease).editSpec()
          .withHolderIdentity("usurper")
          .withRenewTime(ZonedDateTime.now())
          .withLeaseDurationSeconds((int) LEASE_DURATION.toSeconds())
          .endSpec().build());
    } catch (RuntimeException conflict) {
      // the deposed leader may still be trying: the next second tries again
    }
  }

  private static Pipeline pipeline(String ns, String bootstrap) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: ticks, namespace: %s}
        spec:
          kafka: {bootstrapServers: "%s"}
          redis: {url: "redis://127.0.0.1:1/0"}
          topics:
            - {name: ticks, partitions: 3, replicas: 1}
        """.formatted(ns, bootstrap), Pipeline.class);
  }

  private static Worker autoscaledWorker(String ns) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: ticker, namespace: %s}
        spec:
          pipeline: ticks
          input: {topic: {name: ticks, consumerGroup: ticks.ticker}}
          processors: [{cacheLatest: {key: "latest:{symbol}"}}]
          autoscaling:
            minReplicas: 1
            maxReplicas: 3
            lagThreshold: 1000000
            pollIntervalSeconds: 1
        """.formatted(ns), Worker.class);
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new StringSerializer());
  }

  /** {@code java io.tributary.operator.Main run} as one user, with leader election on. */
  private record OperatorProcess(SupervisedProcess process, String user, String identity, int healthPort)
      implements AutoCloseable {
    static OperatorProcess start(LocalControlPlane plane, String user, String identity, String ns, Path dir)
        throws Exception {
      Path kubeconfig = plane.writeKubeconfig(dir.toAbsolutePath().resolve(identity + ".kubeconfig"), plane.tokenOf(user));
      int health = FreePorts.next();
      Map<String, String> env = new HashMap<>();
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("HOSTNAME", identity); // the Lease holder identity
      env.put("TRIBUTARY_LEADER_ELECTION", "true");
      env.put("TRIBUTARY_LEADER_ELECTION_NAMESPACE", ns);
      env.put("TRIBUTARY_WATCH_NAMESPACES", ns);
      env.put("TRIBUTARY_METRICS_PORT", String.valueOf(FreePorts.next()));
      env.put("TRIBUTARY_HEALTH_PORT", String.valueOf(health));
      env.put("TRIBUTARY_BIND_ADDRESS", "127.0.0.1");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      SupervisedProcess process = SupervisedProcess.start(identity,
          List.of(java, "-cp", System.getProperty("java.class.path"), "io.tributary.operator.Main", "run"), env,
          dir.resolve(identity + ".log"));
      return new OperatorProcess(process, user, identity, health);
    }

    void kill9() {
      for (long pid : process.pids()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }

    int healthStatus(HttpClient http) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/healthz"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        return -1;
      }
    }

    @Override
    public void close() {
      process.close();
    }
  }

}
