package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.AuditLog;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.StrimziKafkas;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC on a real API server (kube-apiserver with {@code --authorization-mode=RBAC}):
 * the rendered ServiceAccount, (Cluster)Roles and bindings applied as rendered, the operator run
 * with a TokenRequest token of that ServiceAccount, against a real Kafka broker and a real Redis.
 *
 * <ul>
 *   <li>With the default values (a ClusterRole) and with {@code watchNamespaces} (a Role per
 *       namespace), every kind reconciles, the autoscaler scales a Worker on a lag burst, and the
 *       server refuses nothing: no 403 answer, no 403 in the audit log, no Forbidden in the log;
 *       and every permission the chart grants was used.
 *   <li>Without any single one of the permissions the chart grants, the real authorizer refuses
 *       the operator exactly that permission ({@link RealClusterScenario} runs until it does).
 * </ul>
 *
 * {@link OperatorRbacIT} derives the same rules from the requests to a mock server, faster and
 * in more situations; this test is the server's own word on them.
 */
@RealControlPlane
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorRbacOnRealServerIT {
  /** Requests every authenticated user may make (system:basic-user); the chart grants none of them. */
  private static final Set<String> EVERY_USER_MAY = Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews");
  /** Demanded by JOSDK's SelfSubjectRulesReview before it leads, whatever it then sends. */
  private static final Set<ApiRequest.Permission> DEMANDED_BY_JOSDK = Set.of(
      new ApiRequest.Permission("coordination.k8s.io", "leases", "get"),
      new ApiRequest.Permission("coordination.k8s.io", "leases", "create"),
      new ApiRequest.Permission("coordination.k8s.io", "leases", "update"));
  private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete");
  /** The JUnit tag of the per-permission matrix, left out of the default build (the sandbox pom). */
  static final String RBAC_MATRIX = "rbac-matrix";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger RUNS = new AtomicInteger();

  static EmbeddedKafkaBroker kafka;
  static EmbeddedRedisServer redis;

  @BeforeAll
  static void serversAndCrds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
    try (KubernetesClient admin = plane.adminClient()) {
      var crds = admin.apiextensions().v1().customResourceDefinitions();
      if (crds.withName(StrimziKafkas.crd().getMetadata().getName()).get() == null) {
        crds.resource(StrimziKafkas.crd()).create();
      }
      await("Strimzi's Kafka CRD established").atMost(Duration.ofSeconds(60))
          .until(() -> established(crds.withName(StrimziKafkas.crd().getMetadata().getName()).get()));
    }
    kafka = EmbeddedKafkaBroker.start();
    redis = EmbeddedRedisServer.startOnFreePort();
  }

  @AfterAll
  static void stopServers() {
    if (kafka != null) {
      kafka.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @Order(1)
  void withTheDefaultValuesEveryKindReconcilesAndNothingIsRefused(LocalControlPlane plane, TestNamespace namespace) {
    try (CapturedLog log = CapturedLog.capture(); Run run = new Run(plane, namespace, false, Optional.empty())) {
      long audit = plane.audit().mark();
      runToTheEnd(run);

      assertNothingRefused(plane, run, audit, log);
      assertThat(unused(run)).as("granted by the chart (default values), never used on the real server").isEmpty();
    }
  }

  @Test
  @Order(2)
  void withWatchNamespacesTheRolesSufficeAndTheOperatorStaysInItsNamespaces(LocalControlPlane plane,
      TestNamespace namespace) {
    try (CapturedLog log = CapturedLog.capture(); Run run = new Run(plane, namespace, true, Optional.empty())) {
      long audit = plane.audit().mark();
      runToTheEnd(run);

      assertNothingRefused(plane, run, audit, log);
      assertThat(unused(run)).as("granted by the chart (watchNamespaces), never used on the real server").isEmpty();
      assertThat(run.operatorRequests()).as("requests outside the watched and the release namespace")
          .filteredOn(r -> !run.ns.all().contains(r.namespace()))
          .allSatisfy(r -> {
            assertThat(r.namespace()).isEmpty();
            assertThat(r.resource()).isEqualTo("customresourcedefinitions");
          });
    }
  }

  /**
   * Granted for paths the scenario does not reach: the autoscaler reads Workers from its informer
   * cache and GETs one only on a cache miss or after a stale status patch (as in OperatorRbacIT).
   */
  private static final Set<ApiRequest.Permission> NEEDED_OFF_THE_HAPPY_PATH = Set.of(
      new ApiRequest.Permission("tributary.io", "workers", "get"),
      // a change of spec.networkPolicy or drift; the scenario's port change no longer updates the
      // policy, which names the ingest port by its name
      new ApiRequest.Permission("networking.k8s.io", "networkpolicies", "update"),
      // the EtlSchedule's own finalizer, set only when its Pipeline gives it a KafkaUser or ACLs
      // (the scenario's Pipelines have no Kafka authentication)
      new ApiRequest.Permission("tributary.io", "etlschedules", "patch"),
      // JOSDK reads a Producer or EtlSchedule again when its finalizer patch conflicts (the server
      // refused it otherwise, e.g. without producers/finalizers update)
      new ApiRequest.Permission("tributary.io", "producers", "get"),
      new ApiRequest.Permission("tributary.io", "etlschedules", "get"));

  /**
   * Every permission the chart grants with the default values (the ClusterRole's and the Lease
   * Role's), but those only needed off the scenario's path.
   */
  static List<ApiRequest.Permission> clusterWidePermissions() {
    return ChartRbac.permissions(RenderedChart.withDefaults(), "tributary-operator", RenderedChart.NAMESPACE).stream()
        .filter(p -> !NEEDED_OFF_THE_HAPPY_PATH.contains(p)).toList();
  }

  /**
   * Not in {@code ./mvnw verify} (the tag is excluded there: about 8 minutes of CI for 80-odd
   * runs): {@code ./mvnw -B -Prbac-matrix verify} runs it. {@link OperatorRbacIT} checks the same
   * rules, every granted permission used, against the mock server in every build.
   */
  @ParameterizedTest(name = "without {0}")
  @MethodSource("clusterWidePermissions")
  @Tag(RBAC_MATRIX)
  @Order(3)
  void withoutAnyOneOfItsPermissionsTheRealAuthorizerRefusesTheOperatorThatOne(ApiRequest.Permission removed,
      LocalControlPlane plane, TestNamespace namespace) {
    try (Run run = new Run(plane, namespace, false, Optional.of(removed))) {
      long audit = plane.audit().mark();
      String reached = "the end";
      try {
        run.scenario.run();
      } catch (RealClusterScenario.Stopped refused) {
        reached = refused.step(); // the scenario went as far as the first refusal of the removed permission
      } catch (AssertionError e) {
        throw new AssertionError("without " + removed + " the operator did not get its work done, and the server"
            + " refused: " + run.operator.refusals(), e);
      }
      assertThat(run.operator.refusals())
          .as("without %s: what the server refused (nothing: the chart grants something the operator does not use)",
              removed)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.permission()).as("refused: %s", r).isEqualTo(removed));
      System.out.printf("without %s: refused at step '%s': %s%n", removed, reached, run.operator.refusals().get(0));
      List<ApiRequest> refusedWrites = run.operator.recorder().forbidden().stream()
          .flatMap(c -> c.request().stream()).filter(r -> r.permission().equals(removed) && WRITES.contains(r.verb()))
          .toList();
      if (!refusedWrites.isEmpty()) {
        // the server's own record of the refusal, by the ServiceAccount's user
        await("the refusal in the audit log").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(refusedIn(plane.audit(), audit, run.operator.rbac().user(), run.ns.all()))
                .contains(removed.resource() + " " + removed.verb()));
      }
    }
  }

  /** The whole scenario; a step that does not complete says what the server refused meanwhile. */
  private static void runToTheEnd(Run run) {
    try {
      run.scenario.run();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nrefused by the server: " + run.operator.refusals(), e);
    }
  }

  /**
   * No 403 for this run's namespaces (or cluster-wide) in the answers or in the audit log, and no
   * Forbidden in the log. Elsewhere a cluster-wide operator may meet other tests' objects in
   * namespaces being deleted, where admission (not RBAC) refuses new content with a 403.
   */
  private static void assertNothingRefused(LocalControlPlane plane, Run run, long audit, CapturedLog log) {
    assertThat(run.operator.refusals()).as("refused by the real authorizer").isEmpty();
    String user = run.operator.rbac().user();
    List<AuditLog.Write> writes = plane.audit().writesSince(audit, user);
    assertThat(writes).as("the operator's writes in the audit log, as %s", user).hasSizeGreaterThan(30);
    assertThat(refusedIn(plane.audit(), audit, user, run.ns.all())).as("403s in the audit log").isEmpty();
    assertThat(log.refusals()).as("Forbidden in the log")
        .filteredOn(line -> !line.contains("because it is being terminated")).isEmpty();
  }

  /** "resource[/subresource] verb" of each write by {@code user} in {@code namespaces} the audit log shows refused. */
  private static Set<String> refusedIn(AuditLog audit, long mark, String user, List<String> namespaces) {
    return audit.writesSince(mark, user).stream().filter(w -> w.code() == 403)
        .filter(w -> w.namespace().isEmpty() || namespaces.contains(w.namespace()))
        .map(w -> w.resource() + (w.subresource().isEmpty() ? "" : "/" + w.subresource()) + " " + w.verb())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** What the chart grants that the operator neither sent nor demanded (JOSDK, owner references, off-path reads). */
  private static Set<String> unused(Run run) {
    Set<ApiRequest.Permission> used = run.operatorRequests().stream().map(ApiRequest::permission)
        .collect(Collectors.toCollection(TreeSet::new));
    used.addAll(DEMANDED_BY_JOSDK);
    used.addAll(run.scenario.ownerReferencePermissions());
    used.addAll(NEEDED_OFF_THE_HAPPY_PATH); // reached or not by chance (a stale patch): not a finding either way
    Set<String> unused = new TreeSet<>();
    for (RbacRules.Rule rule : run.operator.rbac().renderedRules().rules()) {
      for (ApiRequest.Permission granted : RbacRules.permissions(rule)) {
        if (!used.contains(granted)) {
          unused.add(granted + " <- " + rule.source());
        }
      }
    }
    return unused;
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * One run: the namespaces (the test's as the release namespace, plus one for the pipelines and
   * one for the Strimzi Kafka), the chart's RBAC, the operator, the scenario; and afterwards all of
   * it removed, so that the next run's cluster-wide operator meets none of it.
   */
  private static final class Run implements AutoCloseable {
    final RealClusterScenario.Namespaces ns;
    final KubernetesClient admin;
    final String prefix = "rbac" + RUNS.incrementAndGet();
    OperatorUnderChartRbac operator;
    RealClusterScenario scenario;

    Run(LocalControlPlane plane, TestNamespace namespace, boolean watchNamespaces, Optional<ApiRequest.Permission> without) {
      ns = new RealClusterScenario.Namespaces(namespace.name(), namespace.name() + "-apps", namespace.name() + "-kafka");
      admin = plane.adminClient();
      try {
        for (String extra : List.of(ns.apps(), ns.kafka())) {
          admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(extra)
              .addToLabels("tributary.io/test", "true").endMetadata().build()).create();
        }
        String values = watchNamespaces ? "watchNamespaces: [" + ns.apps() + ", " + ns.kafka() + "]\n" : "{}\n";
        RenderedChart chart = ChartRbac.render("tributary-" + prefix, ns.release(), values);
        operator = OperatorUnderChartRbac.start(plane, admin, chart, Set.copyOf(ns.all()), without);
        scenario = new RealClusterScenario(admin, ns, kafka, redis.url(), prefix, operator.rbac().user(),
            () -> without.isPresent() && operator.refused(without.get()), operator::report, STEP_TIMEOUT);
        // the operator may start first: it meets the Kafka, the Secret and the stream with the Pipelines
        scenario.prepare();
      } catch (RuntimeException | AssertionError e) {
        close();
        throw e;
      }
    }

    /** The operator's requests as RBAC sees them, without those every user may make. */
    List<ApiRequest> operatorRequests() {
      return operator.recorder().sent().stream().flatMap(c -> c.request().stream())
          .filter(r -> !EVERY_USER_MAY.contains(r.resource())).toList();
    }

    @Override
    public void close() {
      try {
        if (operator != null) {
          operator.close();
        }
        if (scenario != null) {
          scenario.releaseFinalizers();
        }
        for (String extra : List.of(ns.apps(), ns.kafka())) {
          admin.namespaces().withName(extra).delete();
        }
        var topics = kafka.admin().listTopics().names().get().stream().filter(t -> t.startsWith(prefix + "-")).toList();
        kafka.admin().deleteTopics(topics).all().get();
      } catch (Exception e) {
        throw new IllegalStateException("cleaning up run " + prefix, e);
      } finally {
        admin.close();
      }
    }
  }
}
