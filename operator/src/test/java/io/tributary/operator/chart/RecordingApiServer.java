package io.tributary.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fabric8 mock API server in CRUD mode that records every request the operator's client makes
 * (told apart from the test's own requests by its User-Agent), and answers the
 * SelfSubjectRulesReview with which JOSDK checks its Lease permissions from the chart's RBAC.
 */
final class RecordingApiServer implements AutoCloseable {
  static final String OPERATOR_USER_AGENT = "tributary-operator-under-rbac-test";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<ApiRequest> operatorRequests = new CopyOnWriteArrayList<>();
  private final RbacRules rbac;

  RecordingApiServer(RbacRules rbac) throws IOException {
    this.rbac = rbac;
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Recorder(), false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  /** The test's own client (its requests are not recorded). */
  KubernetesClient client() {
    return client;
  }

  /** A client for the operator: its requests are recorded. */
  KubernetesClient newOperatorClient() {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR_USER_AGENT).build())
        .build();
  }

  List<ApiRequest> operatorRequests() {
    return List.copyOf(operatorRequests);
  }

  /** Registers the CustomResourceDefinitions of a file, as installing them in a cluster would. */
  void installCrds(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : client.load(in).items()) {
        if (item instanceof CustomResourceDefinition crd) {
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private final class Recorder extends KubernetesCrudDispatcher {
    Recorder() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Optional<ApiRequest> seen = Optional.empty();
      if (OPERATOR_USER_AGENT.equals(request.getHeader("User-Agent"))) {
        seen = ApiRequest.of(request.getMethod(), request.getPath());
        seen.ifPresent(operatorRequests::add);
        seen.ifPresent(r -> operatorRequests.addAll(ownerFinalizerUpdates(r, request)));
      }
      if (seen.isPresent() && seen.get().resource().equals("selfsubjectrulesreviews")) {
        return rulesReview(request);
      }
      try {
        return super.dispatch(request);
      } catch (RuntimeException unprocessable) {
        // e.g. a JSON patch that no longer applies: the API server answers 422, the mock would not
        // answer at all (the client then waits for its timeout)
        return new MockResponse().setResponseCode(422).setBody(Serialization.asJson(new StatusBuilder()
            .withStatus("Failure").withCode(422).withReason("Invalid").withMessage(String.valueOf(unprocessable.getMessage()))
            .build()));
      }
    }

    /**
     * Writing an object with a {@code blockOwnerDeletion} owner reference needs {@code update} on
     * the owner's {@code finalizers} subresource (admission plugin
     * OwnerReferencesPermissionEnforcement): an implied request.
     */
    private List<ApiRequest> ownerFinalizerUpdates(ApiRequest write, RecordedRequest request) {
      if (!write.verb().equals("create") && !write.verb().equals("update")) {
        return List.of();
      }
      List<ApiRequest> implied = new ArrayList<>();
      try {
        JsonNode owners = Serialization.jsonMapper().readTree(body(request)).at("/metadata/ownerReferences");
        for (JsonNode owner : owners) {
          if (owner.path("blockOwnerDeletion").asBoolean(false)) {
            String apiVersion = owner.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String plural = Pluralize.toPlural(owner.path("kind").asText().toLowerCase(Locale.ROOT));
            implied.add(new ApiRequest(write.namespace(), group, plural + "/finalizers", "update"));
          }
        }
      } catch (IOException notJson) {
        // a patch or a body without owner references
      }
      return implied;
    }

    /** The body, left unread for the CRUD dispatcher ({@code getUtf8Body} consumes it). */
    private static String body(RecordedRequest request) {
      return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    /** What the chart's RBAC lets the operator do in the namespace asked about. */
    private MockResponse rulesReview(RecordedRequest request) {
      SelfSubjectRulesReview review = Serialization.unmarshal(body(request), SelfSubjectRulesReview.class);
      String namespace = review.getSpec().getNamespace();
      List<ResourceRule> resourceRules = new ArrayList<>();
      for (RbacRules.Rule rule : rbac.rules()) {
        if (rule.namespace().isEmpty() || rule.namespace().equals(namespace)) {
          resourceRules.add(new ResourceRuleBuilder().withApiGroups(List.copyOf(rule.groups()))
              .withResources(List.copyOf(rule.resources())).withVerbs(List.copyOf(rule.verbs())).build());
        }
      }
      review.setStatus(new SubjectRulesReviewStatusBuilder().withResourceRules(resourceRules).withIncomplete(false).build());
      return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }
  }
}
