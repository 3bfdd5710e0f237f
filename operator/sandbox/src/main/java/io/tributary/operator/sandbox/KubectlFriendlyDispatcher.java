package io.tributary.operator.sandbox;

import static io.tributary.operator.sandbox.ApiResponses.JSON_PATCH;
import static io.tributary.operator.sandbox.ApiResponses.MERGE_PATCH;
import static io.tributary.operator.sandbox.ApiResponses.STRATEGIC_MERGE_PATCH;
import static io.tributary.operator.sandbox.ApiResponses.json;
import static io.tributary.operator.sandbox.ApiResponses.request;
import static io.tributary.operator.sandbox.ApiResponses.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fabric8 CRUD dispatcher plus what {@code kubectl} needs from an API server on top of stored
 * objects: discovery ({@link ApiDiscovery}) and server-side tables for custom resources
 * ({@link ServerSideTable}), so that {@code kubectl --server <sandbox API> get tributary} shows
 * the same columns as in a cluster, and a Pipeline created or replaced through the API (e.g. by
 * {@code kubectl apply --validate=false}) is pointed at the sandbox's Kafka and Redis as the
 * sandbox's own {@code -f} does ({@link PipelineRewriter}). No OpenAPI document is served (404),
 * hence {@code --validate=false}.
 *
 * <p>Where the CRUD dispatcher differs from a real API server in ways users notice, it behaves
 * like the real one: merge patches follow RFC 7386 ({@link JsonMergePatch}; strategic merge
 * patches stay refused with 415, as a real server refuses them for custom resources), the scale
 * subresource of custom resources answers with a Scale ({@link ScaleSubresource}), and objects
 * whose owners are deleted are garbage-collected ({@link OwnerGarbageCollector}). Everything else
 * is the CRUD dispatcher's.
 */
final class KubectlFriendlyDispatcher extends KubernetesCrudDispatcher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final int UNPROCESSABLE = 422;

  private volatile PipelineRewriter pipelineRewriter;
  private final OwnerGarbageCollector garbageCollector = new OwnerGarbageCollector(new OwnerGarbageCollector.Store() {
    @Override
    public Optional<String> get(String path) {
      MockResponse response = KubectlFriendlyDispatcher.super.handleGet(path);
      return response.code() == 200 ? Optional.of(response.getBody().readUtf8()) : Optional.empty();
    }

    @Override
    public int mergePatch(String path, String patch) {
      return KubectlFriendlyDispatcher.super.handlePatch(request("PATCH", path, MERGE_PATCH, patch)).code();
    }

    @Override
    public int delete(String path) {
      return KubectlFriendlyDispatcher.super.handleDelete(path).code();
    }
  });

  private final ScaleEndpoint scaleEndpoint = new ScaleEndpoint(new ScaleEndpoint.Store() {
    @Override
    public MockResponse get(String path) {
      return KubectlFriendlyDispatcher.super.handleGet(path);
    }

    @Override
    public MockResponse jsonPatch(String path, String patch) {
      return KubectlFriendlyDispatcher.super.handlePatch(request("PATCH", path, JSON_PATCH, patch));
    }
  });

  KubectlFriendlyDispatcher() {
    super(List.of());
  }

  /** From now on, Pipelines written with POST or PUT get the sandbox's Kafka and Redis. */
  void rewritePipelinesWith(PipelineRewriter rewriter) {
    this.pipelineRewriter = rewriter;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if ("GET".equals(request.getMethod()) && withoutQuery.startsWith("/openapi/")) {
      // not served: a 404 tells kubectl so (a CRUD listing of an unknown path would break its parser)
      return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"the sandbox serves no OpenAPI document\",\"reason\":\"NotFound\",\"code\":404}");
    }
    if ("GET".equals(request.getMethod()) && ApiDiscovery.isDiscoveryPath(withoutQuery)) {
      // only then the CRDs are read: every other GET (informers, the node) goes straight to the store
      Optional<String> discovery = new ApiDiscovery(crds()).answer(withoutQuery);
      if (discovery.isPresent()) {
        return json(200, discovery.get());
      }
    }
    Optional<ScaleSubresource.Target> scale = ScaleSubresource.Target.of(withoutQuery);
    if (scale.isPresent()) {
      Optional<MockResponse> answer = scale(request, scale.get());
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    if ("PATCH".equals(request.getMethod())
        && String.valueOf(request.getHeader("Content-Type")).startsWith(STRATEGIC_MERGE_PATCH)) {
      // the CRUD dispatcher refuses it too, but as "Invalid": kubectl then cannot say what to use instead
      return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media"
          + " types include: " + JSON_PATCH + ", " + MERGE_PATCH);
    }
    if ("DELETE".equals(request.getMethod()) && orphansDependents(request)) {
      // the dependents lose their reference to the owner first, so that the collector leaves them
      uidAt(withoutQuery).ifPresent(garbageCollector::orphan);
    }
    Optional<FieldSelector> selector = "GET".equals(request.getMethod()) && !path.contains("watch=")
        ? FieldSelector.of(path) : Optional.empty();
    if (selector.isPresent()) {
      // the CRUD dispatcher has no field selectors: list everything, then keep the matching items
      MockResponse all = super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(),
          selector.get().pathWithout(), request.getHeaders(), request.getBody()));
      MockResponse filtered = all.code() == 200 ? selector.get().filter(all.getBody().readUtf8())
          .map(body -> json(200, body)).orElse(all) : all;
      String accept = request.getHeader("Accept");
      return accept != null && accept.contains("as=Table") && filtered.code() == 200
          ? table(withoutQuery, filtered).orElse(filtered) : filtered;
    }
    MockResponse response = super.dispatch(pointedAtTheSandbox(request, withoutQuery));
    String accept = request.getHeader("Accept");
    if ("GET".equals(request.getMethod()) && accept != null && accept.contains("as=Table") && response.code() == 200
        && !path.contains("watch=")) {
      return table(withoutQuery, response).orElse(response);
    }
    return response;
  }

  /**
   * RFC 7386 instead of the CRUD dispatcher's Jackson update, which appends to lists: the CRUD
   * dispatcher calls this for every merge PATCH ({@code application/merge-patch+json}).
   */
  @Override
  public JsonNode merge(JsonNode baseResource, String patch) throws KubernetesCrudDispatcherException {
    try {
      return JsonMergePatch.apply(baseResource, JSON.readTree(patch));
    } catch (IOException e) {
      throw new KubernetesCrudDispatcherException(e.getMessage(), UNPROCESSABLE);
    }
  }

  /**
   * Every write of the store goes through here, under the CRUD dispatcher's write lock: the garbage
   * collector learns of it before anyone can read the result.
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String before = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    Attribute plural = pathAttributes.getAttribute(KubernetesAttributesExtractor.PLURAL);
    garbageCollector.written(plural == null || plural.getValues().isEmpty() ? null
        : plural.getValues().get(0).toString(), before, newState);
  }

  /** Stops the garbage collector. */
  @Override
  public void close() {
    garbageCollector.close();
  }

  /**
   * A custom resource's {@code /scale}: the {@link ScaleEndpoint}'s answer, or a 404 if its CRD
   * declares no scale subresource. Empty when the resource is no custom resource (the CRUD
   * dispatcher answers as before).
   */
  private Optional<MockResponse> scale(RecordedRequest request, ScaleSubresource.Target target) {
    Optional<JsonNode> crdVersion = crdVersion(target.groupVersion(), target.plural());
    if (crdVersion.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ScaleSubresource.of(crdVersion.get())
        .map(scale -> scaleEndpoint.answer(request, target, scale))
        .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource")));
  }

  /**
   * Whether a DELETE asks to orphan the dependents: {@code propagationPolicy: Orphan} (or the old
   * {@code orphanDependents: true}) in its DeleteOptions body or query, as
   * {@code kubectl delete --cascade=orphan} sends.
   */
  private static boolean orphansDependents(RecordedRequest request) {
    String path = request.getPath();
    if (path.contains("propagationPolicy=Orphan") || path.contains("orphanDependents=true")) {
      return true;
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    if (body.length == 0) {
      return false;
    }
    try {
      JsonNode options = JSON.readTree(body);
      return "Orphan".equals(options.path("propagationPolicy").asText()) || options.path("orphanDependents").asBoolean();
    } catch (IOException e) {
      return false;
    }
  }

  private Optional<String> uidAt(String path) {
    try {
      MockResponse response = super.handleGet(path);
      if (response.code() != 200) {
        return Optional.empty();
      }
      String uid = JSON.readTree(response.getBody().readUtf8()).path("metadata").path("uid").asText("");
      return uid.isEmpty() ? Optional.empty() : Optional.of(uid);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A POST, PUT or merge PATCH of a Pipeline with its spec.kafka and spec.redis replaced; any other
   * request as it is.
   */
  private RecordedRequest pointedAtTheSandbox(RecordedRequest request, String path) {
    PipelineRewriter rewriter = pipelineRewriter;
    String[] parts = path.split("/");
    boolean pipelines = path.startsWith("/apis/" + PipelineRewriter.GROUP_VERSION + "/namespaces/")
        && parts.length >= 7 && parts[6].equals("pipelines");
    boolean write = "POST".equals(request.getMethod()) && parts.length == 7
        || "PUT".equals(request.getMethod()) && parts.length == 8;
    boolean mergePatch = "PATCH".equals(request.getMethod()) && parts.length == 8
        && String.valueOf(request.getHeader("Content-Type")).contains("merge-patch");
    if (rewriter == null || !pipelines || !(write || mergePatch) || request.getBody() == null) {
      return request;
    }
    try {
      JsonNode body = JSON.readTree(request.getBody().getBytes());
      if (!(body instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
        return request;
      }
      // kubectl apply's patch puts the manifest's kafka/redis back: keep the sandbox's instead
      boolean changed = write ? rewriter.rewrite(object).isPresent() : rewriter.rewritePatch(object);
      if (!changed) {
        return request;
      }
      return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
          new io.fabric8.mockwebserver.http.Buffer(JSON.writeValueAsBytes(object)));
    } catch (IOException e) {
      return request; // not JSON: the CRUD dispatcher answers as it would
    }
  }

  /**
   * A Table for a resource path ({@code /api/v1/...} or {@code /apis/<group>/<version>/...},
   * optionally {@code namespaces/<ns>/}, then {@code <plural>[/<name>]}): a custom resource's
   * printer columns, or {@link BuiltInColumns} for the built-in kinds the sandbox runs.
   */
  private Optional<MockResponse> table(String path, MockResponse response) {
    String[] parts = path.split("/");
    int groupVersionEnd;
    if (parts.length >= 4 && parts[1].equals("api")) {
      groupVersionEnd = 3;
    } else if (parts.length >= 5 && parts[1].equals("apis")) {
      groupVersionEnd = 4;
    } else {
      return Optional.empty();
    }
    String groupVersion = String.join("/", java.util.Arrays.copyOfRange(parts, 2, groupVersionEnd));
    int pluralAt = groupVersionEnd < parts.length && parts[groupVersionEnd].equals("namespaces") ? groupVersionEnd + 2 : groupVersionEnd;
    if (pluralAt >= parts.length) {
      return Optional.empty();
    }
    String plural = parts[pluralAt];
    Optional<JsonNode> columns = BuiltInColumns.of(groupVersion, plural);
    if (columns.isEmpty()) {
      columns = crdVersion(groupVersion, plural);
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode body = JSON.readTree(response.getBody().readUtf8());
      return Optional.of(json(200, ServerSideTable.of(body, columns.get(), Instant.now()).toString()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The CRD version of {@code group/version} whose plural is {@code plural}. */
  private Optional<JsonNode> crdVersion(String groupVersion, String plural) {
    for (JsonNode crd : crds()) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("names").path("plural").asText().equals(plural)) {
        continue;
      }
      for (JsonNode crdVersion : spec.path("versions")) {
        if ((spec.path("group").asText() + "/" + crdVersion.path("name").asText()).equals(groupVersion)) {
          return Optional.of(crdVersion);
        }
      }
    }
    return Optional.empty();
  }

  private List<JsonNode> crds() {
    List<JsonNode> crds = new ArrayList<>();
    try {
      MockResponse list = super.handleGet(CRDS);
      JsonNode items = JSON.readTree(list.getBody().readUtf8()).path("items");
      items.forEach(crds::add);
    } catch (IOException | RuntimeException e) {
      // no CRDs readable: discovery lists the built-in kinds only
    }
    return crds;
  }

}
