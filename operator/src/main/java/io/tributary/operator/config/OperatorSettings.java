package io.tributary.operator.config;

import io.tributary.runtime.config.AllowedHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Operator settings, read from the environment of the operator's pod.
 *
 * <table>
 *   <caption>environment variables</caption>
 *   <tr><td>{@code TRIBUTARY_RUNTIME_IMAGE}</td><td>default runtime image of the workloads</td></tr>
 *   <tr><td>{@code TRIBUTARY_WATCH_NAMESPACES}</td><td>comma list; empty = all namespaces</td></tr>
 *   <tr><td>{@code TRIBUTARY_LEADER_ELECTION}</td><td>{@code true|false}; default true in a cluster</td></tr>
 *   <tr><td>{@code TRIBUTARY_LEADER_ELECTION_LEASE}</td><td>Lease name</td></tr>
 *   <tr><td>{@code TRIBUTARY_LEADER_ELECTION_NAMESPACE}</td><td>Lease namespace; default {@code POD_NAMESPACE}</td></tr>
 *   <tr><td>{@code TRIBUTARY_METRICS_PORT}</td><td>{@code /metrics} port (8080)</td></tr>
 *   <tr><td>{@code TRIBUTARY_HEALTH_PORT}</td><td>{@code /healthz} and {@code /readyz} port (8081)</td></tr>
 *   <tr><td>{@code TRIBUTARY_FINALIZER_TIMEOUT_SECONDS}</td><td>how long the finalizer of a deleted Pipeline, Producer, Worker or EtlSchedule keeps
 *       retrying a cleanup that fails (Kafka unreachable, credentials gone) before it gives up with a
 *       Warning Event and lets the resource go (300)</td></tr>
 *   <tr><td>{@code TRIBUTARY_RUNTIME_LOG_LEVEL}</td><td>{@code TRIBUTARY_LOG_LEVEL} of the runtime pods
 *       ({@link RuntimeLogging}); unset: the runtime's default, INFO</td></tr>
 *   <tr><td>{@code TRIBUTARY_RUNTIME_LOG_FORMAT}</td><td>{@code TRIBUTARY_LOG_FORMAT} of the runtime pods,
 *       {@code json|text}; unset: json</td></tr>
 *   <tr><td>{@code TRIBUTARY_ALLOWED_HOSTS}</td><td>comma list of host names, {@code *.domain}, IP
 *       addresses and CIDR blocks the operator and the runtime pods may connect to for a Pipeline;
 *       empty = any ({@link io.tributary.runtime.config.AllowedHosts})</td></tr>
 *   <tr><td>{@code TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS}</td><td>comma list of Secret names: the
 *       {@code imagePullSecrets} of the runtime pods of a Pipeline that sets no
 *       {@code spec.runtime.imagePullSecrets} of its own</td></tr>
 *   <tr><td>{@code TRIBUTARY_RECHECK_SECONDS}</td><td>how soon a resource refused for a Secret is
 *       reconciled again (30); credentials are looked at again every twice that ({@link Rechecks})</td></tr>
 * </table>
 */
public record OperatorSettings(
    String runtimeImage,
    Set<String> watchNamespaces,
    Optional<LeaderElection> leaderElection,
    int metricsPort,
    int healthPort,
    Duration finalizerTimeout,
    RuntimeLogging runtimeLogging,
    List<String> runtimeImagePullSecrets,
    AllowedHosts allowedHosts,
    Rechecks rechecks) {

  /** The variable of {@link #runtimeImagePullSecrets()}. */
  public static final String RUNTIME_IMAGE_PULL_SECRETS_ENV = "TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS";
  /** A Secret's name is a DNS subdomain (RFC 1123), at most 253 characters. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/tributary-io/pipeline-runtime:0.1.0";
  public static final String DEFAULT_LEASE_NAME = "tributary-operator-leader";
  public static final int DEFAULT_METRICS_PORT = 8080;
  public static final int DEFAULT_HEALTH_PORT = 8081;
  /**
   * Long enough to ride out a broker restart or a rolling update of Kafka, short enough that a
   * namespace deletion does not hang for good when Kafka is gone.
   */
  public static final Duration DEFAULT_FINALIZER_TIMEOUT = Duration.ofMinutes(5);

  /** The Lease the replicas of the operator compete for. */
  public record LeaderElection(String leaseName, String leaseNamespace) {}

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
    runtimeImagePullSecrets = List.copyOf(runtimeImagePullSecrets);
  }

  /** Settings for tests and embedded use: default image, all namespaces, no leader election. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(DEFAULT_RUNTIME_IMAGE, Set.of(), Optional.empty(), DEFAULT_METRICS_PORT,
        DEFAULT_HEALTH_PORT, DEFAULT_FINALIZER_TIMEOUT, RuntimeLogging.none(), List.of(), AllowedHosts.any(),
        Rechecks.defaults());
  }

  public static OperatorSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads the settings from an environment map.
   *
   * @throws IllegalArgumentException naming the variable and the value when one is malformed
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String image = nonBlank(env.get("TRIBUTARY_RUNTIME_IMAGE")).orElse(DEFAULT_RUNTIME_IMAGE);
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault("TRIBUTARY_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    boolean inCluster = nonBlank(env.get("KUBERNETES_SERVICE_HOST")).isPresent();
    boolean electionWanted =
        nonBlank(env.get("TRIBUTARY_LEADER_ELECTION"))
            .map(v -> parseBoolean("TRIBUTARY_LEADER_ELECTION", v))
            .orElse(inCluster);
    Optional<LeaderElection> election = Optional.empty();
    if (electionWanted) {
      String leaseNamespace =
          nonBlank(env.get("TRIBUTARY_LEADER_ELECTION_NAMESPACE"))
              .or(() -> nonBlank(env.get("POD_NAMESPACE")))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "leader election is on but neither TRIBUTARY_LEADER_ELECTION_NAMESPACE nor"
                              + " POD_NAMESPACE is set; set one, or TRIBUTARY_LEADER_ELECTION=false"));
      String leaseName =
          nonBlank(env.get("TRIBUTARY_LEADER_ELECTION_LEASE")).orElse(DEFAULT_LEASE_NAME);
      election = Optional.of(new LeaderElection(leaseName, leaseNamespace));
    }
    return new OperatorSettings(
        image,
        namespaces,
        election,
        port(env, "TRIBUTARY_METRICS_PORT", DEFAULT_METRICS_PORT),
        port(env, "TRIBUTARY_HEALTH_PORT", DEFAULT_HEALTH_PORT),
        seconds(env, "TRIBUTARY_FINALIZER_TIMEOUT_SECONDS", DEFAULT_FINALIZER_TIMEOUT),
        RuntimeLogging.fromEnvironment(env),
        secretNames(env, RUNTIME_IMAGE_PULL_SECRETS_ENV),
        AllowedHosts.parse(AllowedHosts.ENV, env.getOrDefault(AllowedHosts.ENV, "")),
        new Rechecks(seconds(env, Rechecks.ENV, Rechecks.DEFAULT_REFUSED)));
  }

  /** Same settings with another finalizer timeout (tests make it short). */
  public OperatorSettings withFinalizerTimeout(Duration timeout) {
    return new OperatorSettings(runtimeImage, watchNamespaces, leaderElection, metricsPort, healthPort, timeout,
        runtimeLogging, runtimeImagePullSecrets, allowedHosts, rechecks);
  }

  /** Same settings with other log settings for the runtime pods. */
  public OperatorSettings withRuntimeLogging(RuntimeLogging logging) {
    return new OperatorSettings(runtimeImage, watchNamespaces, leaderElection, metricsPort, healthPort,
        finalizerTimeout, logging, runtimeImagePullSecrets, allowedHosts, rechecks);
  }

  /** Same settings with other default pull secrets for the runtime pods. */
  public OperatorSettings withRuntimeImagePullSecrets(List<String> secretNames) {
    return new OperatorSettings(runtimeImage, watchNamespaces, leaderElection, metricsPort, healthPort,
        finalizerTimeout, runtimeLogging, secretNames, allowedHosts, rechecks);
  }

  /** Same settings with another list of allowed hosts (tests). */
  public OperatorSettings withAllowedHosts(AllowedHosts hosts) {
    return new OperatorSettings(runtimeImage, watchNamespaces, leaderElection, metricsPort, healthPort,
        finalizerTimeout, runtimeLogging, runtimeImagePullSecrets, hosts, rechecks);
  }

  /** Same settings with other recheck intervals (tests make them short). */
  public OperatorSettings withRechecks(Rechecks intervals) {
    return new OperatorSettings(runtimeImage, watchNamespaces, leaderElection, metricsPort, healthPort,
        finalizerTimeout, runtimeLogging, runtimeImagePullSecrets, allowedHosts, intervals);
  }

  /**
   * The env vars every runtime container gets from these settings: the log settings, and the
   * allowed hosts (when there is a list), so that a pod checks what the operator cannot see (a
   * Redis URL kept in a Secret, an extract's redirects).
   */
  public List<io.fabric8.kubernetes.api.model.EnvVar> runtimeEnv() {
    List<io.fabric8.kubernetes.api.model.EnvVar> env = new java.util.ArrayList<>(runtimeLogging.env());
    if (!allowedHosts.allowsAny()) {
      env.add(new io.fabric8.kubernetes.api.model.EnvVar(AllowedHosts.ENV, allowedHosts.asEnvValue(), null));
    }
    return List.copyOf(env);
  }

  private static List<String> secretNames(Map<String, String> env, String name) {
    List<String> names = new ArrayList<>();
    for (String item : env.getOrDefault(name, "").split(",")) {
      String secret = item.trim();
      if (secret.isEmpty()) {
        continue;
      }
      if (secret.length() > 253 || !SECRET_NAME.matcher(secret).matches()) {
        throw new IllegalArgumentException(name + ": \"" + secret + "\" is not a Secret name (lower-case"
            + " letters, digits, '-' and '.', at most 253 characters)");
      }
      if (!names.contains(secret)) {
        names.add(secret);
      }
    }
    return names;
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.toLowerCase()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          name + "=" + value + " is not a boolean; use true or false");
    };
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    Optional<String> raw = nonBlank(env.get(name));
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(raw.get());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + "=" + raw.get() + " is not a port number (0-65535)", e);
    }
  }

  private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    Optional<String> raw = nonBlank(env.get(name));
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(raw.get());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + raw.get() + " is not a number of seconds (0 or more)", e);
    }
  }
}
