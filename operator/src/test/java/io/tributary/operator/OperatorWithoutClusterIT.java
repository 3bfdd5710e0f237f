package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.runtime.embedded.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary-operator run} started as its own JVM where no API server answers: one log line
 * per attempt naming the server and why, no stack trace, retries, and SIGTERM ends it at once.
 */
class OperatorWithoutClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aClosedPortIsOneLinePerAttemptNamingTheServerAndTheKubeConfig() throws Exception {
    int port = FreePorts.next();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:%d"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """.formatted(port));
    Process operator = start(Map.of("KUBECONFIG", kubeconfig.toString()));
    Path log = dir.resolve("operator.log");
    try {
      String server = "cannot reach the Kubernetes API server at https://127.0.0.1:" + port + "/: cannot connect";
      // attempts after 0 s, 1 s and 3 s: it keeps trying
      await().atMost(Duration.ofSeconds(60)).until(() -> !operator.isAlive() || attempts(log, server).size() >= 3);
      assertThat(operator.isAlive()).as(Files.readString(log)).isTrue();
      List<JsonNode> attempts = attempts(log, server);
      assertThat(attempts).allSatisfy(line -> {
        assertThat(line.path("log.level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).contains("(kube config " + kubeconfig + "); retrying in");
        assertThat(line.has("error.stack_trace")).isFalse();
      });
      assertNoStackTraces(log);
    } finally {
      assertStopsAtOnceOnSigterm(operator, log);
    }
  }

  @Test
  void noKubeConfigAndNoClusterIsSaidSo() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Process operator = start(Map.of("HOME", home.toString(), "TRIBUTARY_LOG_FORMAT", "text"));
    Path log = dir.resolve("operator.log");
    try {
      String expected = "cannot reach the Kubernetes API server at https://kubernetes.default.svc/: the host name"
          + " does not resolve (UnresolvedAddressException) (no kube config: " + home.resolve(".kube/config")
          + " not found, and not inside a cluster); retrying in 1s";
      await().atMost(Duration.ofSeconds(60)).until(() -> !operator.isAlive() || Files.readString(log).contains(expected));
      assertThat(Files.readString(log)).contains(expected);
      assertNoStackTraces(log);
    } finally {
      assertStopsAtOnceOnSigterm(operator, log);
    }
  }

  private Process start(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("operator.log").toFile());
    // nothing of this machine's environment: no KUBECONFIG, no KUBERNETES_SERVICE_HOST, no ~/.kube
    builder.environment().clear();
    builder.environment().put("HOME", dir.toString());
    builder.environment().put("TRIBUTARY_BIND_ADDRESS", "127.0.0.1");
    builder.environment().put("TRIBUTARY_METRICS_PORT", "0");
    builder.environment().put("TRIBUTARY_HEALTH_PORT", "0");
    builder.environment().put("TRIBUTARY_LEADER_ELECTION", "false");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static List<JsonNode> attempts(Path log, String message) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("{")) {
        JsonNode json = JSON.readTree(line);
        if (json.path("message").asText().startsWith(message)) {
          lines.add(json);
        }
      }
    }
    return lines;
  }

  private static void assertNoStackTraces(Path log) throws IOException {
    String text = Files.readString(log);
    assertThat(text).as(text).doesNotContain("\tat ").doesNotContain("stack_trace").doesNotContain("Exception:");
    // no informer started: nothing else complained about the server
    assertThat(text).doesNotContain("listSyncAndWatch").doesNotContain("Informer startup error");
  }

  private static void assertStopsAtOnceOnSigterm(Process operator, Path log) throws Exception {
    operator.destroy();
    assertThat(operator.waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s of SIGTERM").isTrue();
    // 143: the JVM's exit status after SIGTERM and its shutdown hooks
    assertThat(operator.exitValue()).as(Files.readString(log)).isEqualTo(143);
    assertThat(Files.readString(log)).contains("stopping");
  }
}
