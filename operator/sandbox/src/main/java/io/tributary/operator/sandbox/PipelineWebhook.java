package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the real control plane, the sandbox points Pipelines at its Kafka and Redis the way a
 * cluster would change objects on their way in: a mutating admission webhook (HTTPS on
 * 127.0.0.1, a self-signed certificate made with the JDK's keytool) that applies
 * {@link PipelineRewriter} to every Pipeline created or updated, whoever sends it ({@code kubectl
 * apply}, server-side apply, Helm).
 */
final class PipelineWebhook implements AutoCloseable {
  static final String CONFIGURATION_NAME = "tributary-sandbox-pipelines";
  private static final Logger LOG = LoggerFactory.getLogger(PipelineWebhook.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STORE_PASSWORD = "sandbox";

  private final HttpsServer server;
  private final String caPem;
  private final PipelineRewriter rewriter;

  private PipelineWebhook(HttpsServer server, String caPem, PipelineRewriter rewriter) {
    this.server = server;
    this.caPem = caPem;
    this.rewriter = rewriter;
  }

  /** Serves the webhook on a free port of 127.0.0.1, with a key and certificate made in {@code dir}. */
  static PipelineWebhook start(Path dir, PipelineRewriter rewriter) {
    try {
      Files.createDirectories(dir);
      Path keystore = dir.resolve("webhook.p12");
      Files.deleteIfExists(keystore);
      keytool("-genkeypair", "-alias", "webhook", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
          "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
          "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
      String pem = keytool("-exportcert", "-rfc", "-alias", "webhook", "-keystore", keystore.toString(),
          "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys.getKeyManagers(), null, null);
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      PipelineWebhook webhook = new PipelineWebhook(server, pem, rewriter);
      server.createContext("/mutate", webhook::handle);
      server.start();
      return webhook;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox's Pipeline webhook", e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the sandbox's Pipeline webhook", e);
    }
  }

  /** Registers this webhook for Pipelines (CREATE, UPDATE) with the API server. */
  void register(KubernetesClient client) {
    MutatingWebhookConfiguration configuration = new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(CONFIGURATION_NAME).endMetadata()
        .addNewWebhook()
          .withName("pipelines.sandbox.tributary.io")
          .withAdmissionReviewVersions("v1")
          .withSideEffects("None")
          .withFailurePolicy("Fail")
          .withTimeoutSeconds(5)
          .withNewClientConfig()
            .withUrl("https://127.0.0.1:" + server.getAddress().getPort() + "/mutate")
            .withCaBundle(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
          .endClientConfig()
          .addNewRule()
            .withApiGroups("tributary.io").withApiVersions("v1alpha1").withResources("pipelines")
            .withOperations("CREATE", "UPDATE")
          .endRule()
        .endWebhook()
        .build();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(configuration).serverSideApply();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode review = JSON.readTree(exchange.getRequestBody());
      JsonNode request = review.path("request");
      ObjectNode response = JSON.createObjectNode().put("uid", request.path("uid").asText()).put("allowed", true);
      if (request.path("object") instanceof ObjectNode object) {
        ObjectNode rewritten = object.deepCopy();
        Optional<String> note = rewriter.rewrite(rewritten);
        if (note.isPresent() && !rewritten.path("spec").equals(object.path("spec"))) {
          // one line per rewritten write, in sandbox.log (kept nowhere else: a GitOps loop re-applies forever)
          LOG.info("rewrote {}", note.get());
          ArrayNode patch = JSON.createArrayNode();
          patch.addObject().put("op", "replace").put("path", "/spec").set("value", rewritten.get("spec"));
          response.put("patchType", "JSONPatch")
              .put("patch", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(patch)));
        }
      }
      ObjectNode answer = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
      answer.set("response", response);
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (RuntimeException e) {
      LOG.warn("the Pipeline webhook failed on a request: {}", e.toString());
      throw e;
    }
  }

  private static String keytool(String... args) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running keytool", e);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
