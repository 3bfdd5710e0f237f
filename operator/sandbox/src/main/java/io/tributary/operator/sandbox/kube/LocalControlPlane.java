package io.tributary.operator.sandbox.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.embedded.SupervisedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and kube-controller-manager
 * (garbage collector, namespace, service-account and ClusterRole aggregation controllers), each on
 * a free port, with a generated serving certificate, service-account signing keys made at start, an admin bearer token,
 * RBAC authorization, and an audit log of every write. No kubelet, scheduler or workload
 * controllers: whoever needs pods runs them (the sandbox's local node).
 *
 * <p>Everything lives in one temporary folder, removed by {@link #close()}; the servers also stop
 * when this JVM dies ({@link SupervisedProcess}).
 */
public final class LocalControlPlane implements AutoCloseable {
  /** The user of the admin token: in {@code system:masters}, so RBAC lets it do anything. */
  public static final String ADMIN_USER = "tributary-admin";
  /**
   * Users with a static token, all in {@code system:masters}: the admin, an operator, a second
   * operator (leader election) and a GitOps controller, so the audit log tells their writes apart.
   * RBAC is tested with ServiceAccount tokens instead ({@code TokenRequest}).
   */
  public static final List<String> USERS = List.of(ADMIN_USER, "tributary-operator", "tributary-operator-2", "gitops-controller");
  /** Controllers kube-controller-manager runs here (its {@code --controllers} names). */
  static final List<String> CONTROLLERS = List.of("garbage-collector-controller", "namespace-controller",
      "serviceaccount-controller", "clusterrole-aggregation-controller");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final String adminToken;
  private final java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
  private final int apiPort;
  private final List<SupervisedProcess> processes = new ArrayList<>();
  private final AuditLog audit;
  private final ControlPlaneBinaries binaries;
  private boolean closed;

  private LocalControlPlane(ControlPlaneBinaries binaries, Path dir, String adminToken, int apiPort) {
    this.binaries = binaries;
    this.dir = dir;
    this.adminToken = adminToken;
    this.apiPort = apiPort;
    for (String user : USERS) {
      tokens.put(user, user.equals(ADMIN_USER) ? adminToken : randomToken());
    }
    this.audit = new AuditLog(dir.resolve("audit.log"));
  }

  /** Builds the binaries if needed ({@link ControlPlaneBinaries#locate()}) and starts the servers. */
  public static LocalControlPlane start() {
    return start(ControlPlaneBinaries.locate());
  }

  /** Starts the servers from these binaries; waits until the API server is ready and the controllers run. */
  public static LocalControlPlane start(ControlPlaneBinaries binaries) {
    Path dir;
    try {
      dir = Files.createTempDirectory("tributary-kube-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the control plane", e);
    }
    LocalControlPlane plane = new LocalControlPlane(binaries, dir, randomToken(), FreePorts.next());
    try {
      plane.startServers(binaries);
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  private void startServers(ControlPlaneBinaries binaries) {
    try {
      Files.createDirectories(dir.resolve("certs"));
      writeFiles();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the control plane's files in " + dir, e);
    }
    int etcdClient = FreePorts.next();
    int etcdPeer = FreePorts.next();
    String etcdUrl = "http://127.0.0.1:" + etcdClient;
    processes.add(SupervisedProcess.start("etcd", binaries.etcd(), List.of(
        "--name=tributary", "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
        "--listen-peer-urls=http://127.0.0.1:" + etcdPeer,
        "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
        "--initial-cluster=tributary=http://127.0.0.1:" + etcdPeer,
        // a test cluster: losing it on a crash is fine, waiting for fsync on every write is not
        "--unsafe-no-fsync=true", "--log-level=warn"), dir.resolve("etcd.log")));
    processes.add(SupervisedProcess.start("kube-apiserver", binaries.apiServer(), List.of(
        "--etcd-servers=" + etcdUrl,
        "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
        "--cert-dir=" + dir.resolve("certs"),
        "--token-auth-file=" + dir.resolve("tokens.csv"),
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + dir.resolve("sa.pub"),
        "--service-account-signing-key-file=" + dir.resolve("sa.key"),
        "--api-audiences=https://kubernetes.default.svc.cluster.local",
        "--service-cluster-ip-range=10.96.0.0/16",
        // the "kubernetes" Service's endpoints cannot be a loopback address
        "--endpoint-reconciler-type=none",
        "--audit-log-path=" + audit.file(), "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
        "--audit-log-format=json", "--audit-log-mode=blocking",
        "--profiling=false"), dir.resolve("kube-apiserver.log")));
    waitUntilReady();
    processes.add(SupervisedProcess.start("kube-controller-manager", binaries.controllerManager(), List.of(
        "--kubeconfig=" + writeKubeconfig(dir.resolve("controller-manager.kubeconfig"), adminToken),
        "--controllers=" + String.join(",", CONTROLLERS),
        "--bind-address=127.0.0.1", "--secure-port=0",
        "--leader-elect=false", "--use-service-account-credentials=false",
        "--concurrent-gc-syncs=5"), dir.resolve("kube-controller-manager.log")));
    waitUntil("kube-controller-manager created the default ServiceAccount", () -> {
      try (KubernetesClient client = adminClient()) {
        return client.serviceAccounts().inNamespace("default").withName("default").get() != null;
      }
    });
  }

  private void writeFiles() throws IOException {
    StringBuilder csv = new StringBuilder();
    tokens.forEach((user, token) -> csv.append(token).append(',').append(user).append(',').append(user)
        .append(",\"system:masters\"\n"));
    Files.writeString(dir.resolve("tokens.csv"), csv.toString());
    KeyPair keys = rsaKeys();
    Files.writeString(dir.resolve("sa.key"), Pem.encode("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("sa.pub"), Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded()));
    // every write, with who made it; reads are not recorded
    Files.writeString(dir.resolve("audit-policy.yaml"), String.join("\n",
        "apiVersion: audit.k8s.io/v1",
        "kind: Policy",
        "omitStages: [RequestReceived]",
        "rules:",
        "- level: Metadata",
        "  verbs: [create, update, patch, delete, deletecollection]",
        "- level: None",
        ""));
  }

  private void waitUntilReady() {
    HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest readyz = HttpRequest.newBuilder(URI.create(url() + "/readyz"))
        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(5)).build();
    waitUntil("kube-apiserver answers /readyz", () -> {
      try {
        return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  private void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (SupervisedProcess process : processes) {
        if (!process.isAlive()) {
          throw new ControlPlaneException(process.name() + " exited while waiting until " + what + "; its log: "
              + process.log() + "\n" + tail(process.log()));
        }
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // the server is still starting
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ControlPlaneException("interrupted while waiting until " + what);
      }
    }
    throw new ControlPlaneException("timed out after " + START_TIMEOUT.toSeconds() + " s waiting until " + what
        + "; logs in " + dir);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** E.g. {@code https://127.0.0.1:41234}. */
  public String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The admin bearer token (user {@value #ADMIN_USER}, group {@code system:masters}). */
  public String adminToken() {
    return adminToken;
  }

  /** The CA that signed the API server's certificate (PEM, as kube-apiserver generated it). */
  public Path caFile() {
    return dir.resolve("certs").resolve("apiserver.crt");
  }

  /** A client configuration for this server with the given bearer token. */
  public Config config(String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withOauthToken(token)
        .withCaCertFile(caFile().toString())
        .withRequestTimeout(30_000)
        .build();
  }

  /** The static token of one of {@link #USERS}. */
  public String tokenOf(String user) {
    String token = tokens.get(user);
    if (token == null) {
      throw new IllegalArgumentException("no static token for " + user + "; the users are " + USERS);
    }
    return token;
  }

  /** A new client that acts as one of {@link #USERS}; the caller closes it. */
  public KubernetesClient clientAs(String user) {
    return clientWithToken(tokenOf(user));
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient adminClient() {
    return clientWithToken(adminToken);
  }

  /** A new client that authenticates with {@code token} (e.g. a ServiceAccount's); the caller closes it. */
  public KubernetesClient clientWithToken(String token) {
    return new KubernetesClientBuilder().withConfig(config(token)).build();
  }

  /** Writes a kubeconfig for {@code kubectl} with the admin token and returns its path. */
  public Path adminKubeconfig() {
    return writeKubeconfig(dir.resolve("admin.kubeconfig"), adminToken);
  }

  /** Writes a kubeconfig for this server with {@code token} to {@code file}. */
  public Path writeKubeconfig(Path file, String token) {
    String yaml = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: tributary",
        "  cluster:",
        "    server: " + url(),
        "    certificate-authority: " + caFile(),
        "users:",
        "- name: user",
        "  user:",
        "    token: " + token,
        "contexts:",
        "- name: tributary",
        "  context: {cluster: tributary, user: user}",
        "current-context: tributary",
        "");
    try {
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The {@code kubectl} of the same Kubernetes version as the server. */
  public Path kubectl() {
    return binaries.kubectl();
  }

  /** The audit log: every write request, by user. */
  public AuditLog audit() {
    return audit;
  }

  /** The folder holding the servers' logs, certificates and data. */
  public Path directory() {
    return dir;
  }

  /** Pids of the running kube-apiserver (for fault tests). */
  public List<Long> apiServerPids() {
    return processes.stream().filter(p -> p.name().equals("kube-apiserver")).flatMap(p -> p.pids().stream()).toList();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    deleteRecursively(dir);
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // a temporary folder; nothing depends on it any more
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no RSA in this JDK", e);
    }
  }

  // only for polling /readyz before the certificate file is complete; clients verify with caFile()
  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM armour for DER bytes. */
  static final class Pem {
    private Pem() {}

    static String encode(String type, byte[] der) {
      return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
  }
}
