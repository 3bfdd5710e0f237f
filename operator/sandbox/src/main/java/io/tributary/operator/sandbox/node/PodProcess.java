package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.tributary.runtime.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's (first) container as a local child process, driven by {@link #sync(Instant)}: starts
 * it, restarts it per {@code restartPolicy} with {@link RestartBackoff}, probes readiness, records
 * how each run ended, and terminates it (SIGTERM, then SIGKILL after the grace period).
 */
final class PodProcess {
  private static final Logger LOG = LoggerFactory.getLogger(PodProcess.class);
  private static final int MAX_TERMINATION_MESSAGE_BYTES = 4096;
  private static final int FALLBACK_LOG_BYTES = 2048;
  private static final Duration SETUP_RETRY = Duration.ofSeconds(2);
  private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
  private static final int PROBE_FAILURE_THRESHOLD = 3;
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ", "USER");

  enum Phase { PENDING, RUNNING, SUCCEEDED, FAILED }

  private final PodIdentity id;
  private final Pod pod;
  private final Container container;
  private final NodeContext node;
  private final Path podDir;
  private final Path logFile;
  private final Path terminationLog;
  private final int metricsPort;
  private final Integer httpPort;
  private final String restartPolicy;
  private final Duration gracePeriod;
  private final boolean probeReadiness;
  private final Instant createdAt;

  private Process process;
  private Instant startedAt;
  private Instant nextStartAt;
  private int restartCount;
  private int consecutiveCrashes;
  private boolean everStarted;
  private String waitingReason = "ContainerCreating";
  private String waitingMessage;
  private ContainerStateTerminated lastTermination;
  private ContainerStateTerminated finalTermination;
  private Phase phase = Phase.PENDING;

  private volatile boolean ready;
  private volatile int probeFailures;
  private volatile boolean probeInFlight;
  private Instant nextProbeAt;
  private boolean readyObserved;
  private Instant readyChangedAt;

  private Instant terminatingSince;
  private boolean killed;

  PodProcess(PodIdentity id, Pod pod, NodeContext node, boolean probeReadiness) {
    this.id = id;
    this.pod = pod;
    this.container = pod.getSpec().getContainers().get(0);
    this.node = node;
    this.podDir = node.settings().workDir().resolve(id.namespace()).resolve(id.name()).toAbsolutePath();
    this.logFile = node.settings().logDir().resolve(id.name() + ".log").toAbsolutePath();
    this.terminationLog = podDir.resolve("termination-log");
    this.metricsPort = FreePorts.next();
    this.httpPort = declaresHttpPort(container) ? FreePorts.next() : null;
    this.restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    Duration requested = grace == null ? Duration.ofSeconds(30) : Duration.ofSeconds(grace);
    this.gracePeriod = requested.compareTo(node.settings().maxGracePeriod()) > 0 ? node.settings().maxGracePeriod() : requested;
    this.probeReadiness = probeReadiness;
    this.createdAt = node.clock().instant();
    this.nextStartAt = createdAt;
    this.readyChangedAt = createdAt;
  }

  /** Advances the container's life: notices an exit, (re)starts when due, probes readiness. */
  void sync(Instant now) {
    if (terminatingSince != null) {
      if (process != null && process.isAlive() && !killed && now.isAfter(terminatingSince.plus(gracePeriod))) {
        LOG.warn("pod {} did not stop within {}s of SIGTERM; killing it", id.key(), gracePeriod.toSeconds());
        killTree(true);
        killed = true;
      }
      return;
    }
    if (phase == Phase.SUCCEEDED || phase == Phase.FAILED) {
      return;
    }
    if (process != null && !process.isAlive()) {
      onExit(now);
    }
    if (process == null && !now.isBefore(nextStartAt) && phase != Phase.SUCCEEDED && phase != Phase.FAILED) {
      start(now);
    }
    if (probeReadiness && process != null && process.isAlive() && !probeInFlight
        && (nextProbeAt == null || !now.isBefore(nextProbeAt))) {
      probe(now);
    }
    if (readyObserved != ready) {
      readyObserved = ready;
      readyChangedAt = now;
    }
  }

  /** Starts graceful termination (SIGTERM now, SIGKILL after the grace period). */
  void terminate(Instant now) {
    if (terminatingSince != null) {
      return;
    }
    terminatingSince = now;
    ready = false;
    if (process != null && process.isAlive()) {
      LOG.info("stopping pod {}", id.key());
      killTree(false);
    }
  }

  boolean isTerminating() {
    return terminatingSince != null;
  }

  /** Terminating and the process has exited: the pod can go. */
  boolean isGone() {
    return terminatingSince != null && (process == null || !process.isAlive());
  }

  /** Blocks until the process exited, escalating to SIGKILL after the grace period. */
  void stopAndWait() {
    Process p = process;
    if (p == null) {
      return;
    }
    try {
      if (p.isAlive()) {
        killTree(false);
        if (!p.waitFor(gracePeriod.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          killTree(true);
          p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      killTree(true);
      Thread.currentThread().interrupt();
    }
  }

  private void start(Instant now) {
    try {
      MountTable mounts = node.volumes().materialise(id.namespace(), pod.getSpec(), container, podDir);
      Map<String, String> containerEnv = node.environment().build(id.namespace(), id.name(), pod.getMetadata(), container, mounts);
      List<String> args = resolveArgs(containerEnv, mounts);
      List<String> command = node.launcher().command(container, args);
      Files.createDirectories(podDir);
      Files.createDirectories(logFile.getParent());
      Files.deleteIfExists(terminationLog);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(podDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      Map<String, String> env = builder.environment();
      Map<String, String> inherited = new LinkedHashMap<>();
      INHERITED_ENV.forEach(name -> Optional.ofNullable(env.get(name)).ifPresent(v -> inherited.put(name, v)));
      env.clear();
      env.putAll(inherited);
      env.putAll(nodeEnv(containerEnv, mounts));
      appendLogMarker(now, command);
      process = builder.start();
      if (everStarted) {
        restartCount++;
      }
      everStarted = true;
      startedAt = now;
      waitingReason = null;
      waitingMessage = null;
      phase = Phase.RUNNING;
      probeFailures = 0;
      nextProbeAt = now;
      LOG.info("started pod {} (pid {}, metrics port {}, restarts {})", id.key(), process.pid(), metricsPort, restartCount);
    } catch (PodSetupException e) {
      if (!e.getMessage().equals(waitingMessage)) {
        LOG.warn("pod {} cannot start: {}", id.key(), e.getMessage());
      }
      waitingReason = e.reason();
      waitingMessage = e.getMessage();
      nextStartAt = now.plus(SETUP_RETRY);
    } catch (IOException | UncheckedIOException e) {
      waitingReason = "RunContainerError";
      waitingMessage = e.getMessage();
      consecutiveCrashes++;
      nextStartAt = now.plus(node.backoff().delay(consecutiveCrashes));
      LOG.warn("pod {} failed to launch: {}", id.key(), e.getMessage());
    }
  }

  /** The container env plus the node's overrides; an explicit container value wins over ours. */
  private Map<String, String> nodeEnv(Map<String, String> containerEnv, MountTable mounts) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOSTNAME", id.name());
    mounts.resolve(NodeEnv.CONFIG_MOUNT_PATH).ifPresent(config -> env.put(NodeEnv.CONFIG, config.toString()));
    env.put(NodeEnv.TERMINATION_LOG, terminationLog.toString());
    env.putAll(containerEnv);
    // ports are host-wide here: the node's allocation always wins over in-cluster values
    env.put(NodeEnv.METRICS_PORT, String.valueOf(metricsPort));
    // and on loopback only: a sandbox on a laptop or a shared machine serves nothing to the network
    env.put(NodeEnv.METRICS_BIND, NodeEnv.LOOPBACK);
    env.put(NodeEnv.HTTP_BIND, NodeEnv.LOOPBACK);
    if (httpPort != null) {
      env.put(NodeEnv.HTTP_PORT, String.valueOf(httpPort));
    }
    return env;
  }

  private List<String> resolveArgs(Map<String, String> env, MountTable mounts) {
    List<String> raw = new ArrayList<>();
    if (container.getArgs() != null && !container.getArgs().isEmpty()) {
      raw.addAll(container.getArgs());
    } else if (container.getCommand() != null) {
      // an explicit command: keep what follows the jar ("java -jar app.jar worker" -> "worker")
      List<String> command = container.getCommand();
      int jar = -1;
      for (int i = 0; i < command.size(); i++) {
        if (command.get(i).endsWith(".jar")) {
          jar = i;
        }
      }
      raw.addAll(command.subList(jar + 1, command.size()));
    }
    return raw.stream().map(arg -> mounts.mapValue(PodEnvironment.expand(arg, env))).toList();
  }

  private void onExit(Instant now) {
    int exitCode = process.exitValue();
    ContainerStateTerminated terminated = new ContainerStateTerminatedBuilder()
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .withMessage(terminationMessage(exitCode))
        .withStartedAt(Timestamps.format(startedAt))
        .withFinishedAt(Timestamps.format(now))
        .build();
    Duration ran = Duration.between(startedAt, now);
    LOG.info("pod {} exited with code {} after {}s", id.key(), exitCode, ran.toSeconds());
    process = null;
    ready = false;
    boolean restart = "Always".equals(restartPolicy) || ("OnFailure".equals(restartPolicy) && exitCode != 0);
    if (!restart) {
      finalTermination = terminated;
      phase = exitCode == 0 ? Phase.SUCCEEDED : Phase.FAILED;
      return;
    }
    lastTermination = terminated;
    consecutiveCrashes = node.backoff().ranLongEnough(ran) ? 1 : consecutiveCrashes + 1;
    Duration delay = node.backoff().delay(consecutiveCrashes);
    nextStartAt = now.plus(delay);
    waitingReason = "CrashLoopBackOff";
    waitingMessage = "back-off " + delay.toMillis() + "ms restarting failed container " + container.getName()
        + " of pod " + id.key();
  }

  private String terminationMessage(int exitCode) {
    try {
      if (Files.isRegularFile(terminationLog)) {
        byte[] bytes = Files.readAllBytes(terminationLog);
        String message = new String(bytes, 0, Math.min(bytes.length, MAX_TERMINATION_MESSAGE_BYTES), StandardCharsets.UTF_8);
        if (!message.isBlank()) {
          return message;
        }
      }
      if (exitCode != 0 && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())
          && Files.isRegularFile(logFile)) {
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        return log.length() > FALLBACK_LOG_BYTES ? log.substring(log.length() - FALLBACK_LOG_BYTES) : log;
      }
    } catch (IOException e) {
      LOG.debug("cannot read termination message of {}", id.key(), e);
    }
    return null;
  }

  private void probe(Instant now) {
    probeInFlight = true;
    nextProbeAt = now.plus(PROBE_PERIOD);
    int port = probePort();
    node.prober().probe(port, probePath()).whenComplete((ok, error) -> {
      if (Boolean.TRUE.equals(ok) && terminatingSince == null) {
        probeFailures = 0;
        ready = true;
      } else if (++probeFailures >= PROBE_FAILURE_THRESHOLD || !ready) {
        ready = false;
      }
      probeInFlight = false;
    });
  }

  private String probePath() {
    Probe probe = container.getReadinessProbe();
    if (probe != null && probe.getHttpGet() != null && probe.getHttpGet().getPath() != null) {
      return probe.getHttpGet().getPath();
    }
    return "/readyz";
  }

  private int probePort() {
    Probe probe = container.getReadinessProbe();
    if (httpPort != null && probe != null && probe.getHttpGet() != null && probe.getHttpGet().getPort() != null) {
      var port = probe.getHttpGet().getPort();
      boolean namedHttp = NodeEnv.HTTP_PORT_NAME.equals(port.getStrVal());
      boolean numberedHttp = port.getIntVal() != null && container.getPorts().stream()
          .anyMatch(p -> NodeEnv.HTTP_PORT_NAME.equals(p.getName()) && port.getIntVal().equals(p.getContainerPort()));
      if (namedHttp || numberedHttp) {
        return httpPort;
      }
    }
    return metricsPort;
  }

  private void killTree(boolean force) {
    Process p = process;
    if (p == null) {
      return;
    }
    p.descendants().forEach(child -> {
      if (force) {
        child.destroyForcibly();
      } else {
        child.destroy();
      }
    });
    if (force) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
  }

  private void appendLogMarker(Instant now, List<String> command) throws IOException {
    String marker = "--- sandbox: " + (everStarted ? "restarting" : "starting") + " pod " + id.key() + " at "
        + Timestamps.format(now) + (everStarted ? " (restart " + (restartCount + 1) + ")" : "") + ": "
        + String.join(" ", command) + System.lineSeparator();
    Files.writeString(logFile, marker, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static boolean declaresHttpPort(Container container) {
    return container.getPorts() != null
        && container.getPorts().stream().map(ContainerPort::getName).anyMatch(NodeEnv.HTTP_PORT_NAME::equals);
  }

  PodIdentity id() {
    return id;
  }

  Pod pod() {
    return pod;
  }

  Container container() {
    return container;
  }

  boolean isReady() {
    return ready && terminatingSince == null;
  }

  Instant readyChangedAt() {
    return readyChangedAt;
  }

  Phase phase() {
    return phase;
  }

  boolean isFinished() {
    return phase == Phase.SUCCEEDED || phase == Phase.FAILED;
  }

  int restartCount() {
    return restartCount;
  }

  int metricsPort() {
    return metricsPort;
  }

  Optional<Integer> httpPort() {
    return Optional.ofNullable(httpPort);
  }

  Path logFile() {
    return logFile;
  }

  Path podDir() {
    return podDir;
  }

  Instant createdAt() {
    return createdAt;
  }

  Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  Optional<Process> process() {
    return Optional.ofNullable(process);
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  String waitingReason() {
    return waitingReason;
  }

  String waitingMessage() {
    return waitingMessage;
  }

  Optional<ContainerStateTerminated> lastTermination() {
    return Optional.ofNullable(lastTermination);
  }

  Optional<ContainerStateTerminated> finalTermination() {
    return Optional.ofNullable(finalTermination);
  }
}
