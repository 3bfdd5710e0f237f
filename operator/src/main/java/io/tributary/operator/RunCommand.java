package io.tributary.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.ops.HealthState;
import io.tributary.operator.ops.OpsServer;
import io.tributary.operator.topics.KafkaTopicAdmin;
import io.tributary.runtime.BuildInfo;
import io.tributary.runtime.ops.LogSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code run}: the operator against the cluster of the current kube config / service account,
 * configured by the environment ({@link OperatorSettings}), serving {@code /metrics},
 * {@code /healthz} and {@code /readyz}, until SIGTERM. The controllers start once the API server
 * answers ({@link ApiServerWait}: one log line per attempt while it does not).
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Run the operator against the cluster of the current kube config or service account"
        + " (the default command). Configured by environment variables (README, \"On a cluster\");"
        + " waits, logging one line per attempt, while the API server cannot be reached."},
    footerHeading = "%nEnvironment (a few; README lists them all):%n",
    footer = {
        "  TRIBUTARY_RUNTIME_IMAGE     image of the producer, worker and ETL pods",
        "  TRIBUTARY_WATCH_NAMESPACES  comma-separated namespaces (default: all)",
        "  TRIBUTARY_LOG_LEVEL         TRACE, DEBUG, INFO (default), WARN, ERROR or OFF",
        "  TRIBUTARY_LOG_FORMAT        json (default: ECS JSON lines) or text",
        "  KUBECONFIG                  the kube config when not inside a cluster"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "1:failed", "2:bad configuration (environment)"})
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Override
  public Integer call() {
    OperatorSettings settings;
    String bindAddress;
    try {
      LogSettings.problem(System::getenv).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
      settings = OperatorSettings.fromEnvironment();
      bindAddress = bindAddress(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("tributary-operator: " + e.getMessage());
      return 2;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    HealthState health = new HealthState();
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        KafkaTopicAdmin.CachingFactory topicAdmins = new KafkaTopicAdmin.CachingFactory();
        OpsServer ops = OpsServer.start(bindAddress, settings.metricsPort(), settings.healthPort(), registry, health)) {
      TributaryOperator operator =
          TributaryOperator.builder(client)
              .settings(settings)
              .topicAdmins(topicAdmins)
              .meters(registry)
              .health(health)
              .standardExtensions()
              .build();
      AtomicBoolean started = new AtomicBoolean();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("stopping");
        synchronized (started) {
          stopped.countDown();
          if (started.get()) {
            operator.close();
          }
        }
      }, "shutdown"));
      log.info("starting {}: runtime image {}, namespaces {}, leader election {}, metrics :{}, health :{}",
          BuildInfo.version(), settings.runtimeImage(),
          settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
          settings.leaderElection().map(Object::toString).orElse("off"), ops.metricsPort(), ops.healthPort());
      if (!ApiServerWait.await(client.getConfiguration(), System.getenv(), stopped)) {
        return 0;
      }
      synchronized (started) {
        // a SIGTERM while waiting for the server: nothing was started, nothing to stop
        if (stopped.getCount() == 0) {
          return 0;
        }
        started.set(true);
      }
      operator.start();
      stopped.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      log.error("operator failed", e);
      return 1;
    }
  }

  /**
   * Where /metrics and the probes listen: every interface in a pod (the kubelet and Prometheus
   * reach the pod's IP); {@code TRIBUTARY_BIND_ADDRESS=127.0.0.1} for an operator run on a
   * workstation or in tests.
   */
  static String bindAddress(java.util.Map<String, String> env) {
    String address = env.get("TRIBUTARY_BIND_ADDRESS");
    if (address == null || address.isBlank()) {
      return "0.0.0.0";
    }
    String trimmed = address.trim();
    // a literal IP only: a host name would be resolved (DNS) at start and could bind elsewhere than meant
    if (!trimmed.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("TRIBUTARY_BIND_ADDRESS=" + quoted(trimmed)
          + " is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::)");
    }
    try {
      java.net.InetAddress.getByName(trimmed);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("TRIBUTARY_BIND_ADDRESS=" + quoted(trimmed)
          + " is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::)");
    }
    return trimmed;
  }

  private static String quoted(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return "\"" + shown + "\"";
  }
}
