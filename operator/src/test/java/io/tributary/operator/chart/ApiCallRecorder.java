package io.tributary.operator.chart;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request a client sends and every answer it gets (plain requests and the upgrade answer of
 * watch WebSockets alike), recorded by a fabric8 {@link Interceptor}: how a test sees what the real
 * API server refused the operator, also where the operator swallows the error (an Event it could
 * not record, a Strimzi Kafka it may not read) or where reads are not in the audit log.
 */
final class ApiCallRecorder implements Interceptor {
  private static final String NAME = "tributary-api-call-recorder";

  /** One answered request: the HTTP method, the path and query, and the status code. */
  record Call(String method, String path, int code) {
    /** The request as RBAC sees it; empty for non-resource URLs (discovery, /version). */
    Optional<ApiRequest> request() {
      return ApiRequest.of(method, path);
    }

    boolean forbidden() {
      return code == 403;
    }

    @Override
    public String toString() {
      return method + " " + path + " -> " + code;
    }
  }

  private final List<Call> sent = new CopyOnWriteArrayList<>();
  private final List<Call> answered = new CopyOnWriteArrayList<>();

  /** A client with {@code config} whose requests this recorder records; the caller closes it. */
  KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor(NAME, this))
        .build();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    sent.add(new Call(request.method(), pathAndQuery(request.uri()), 0));
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    answered.add(new Call(request.method(), pathAndQuery(request.uri()), response.code()));
  }

  /** Every request sent so far (code 0: the answer is not known when it is sent). */
  List<Call> sent() {
    return List.copyOf(sent);
  }

  /** Every answer received so far. */
  List<Call> answered() {
    return List.copyOf(answered);
  }

  /** The answers that were 403 Forbidden. */
  List<Call> forbidden() {
    return answered.stream().filter(Call::forbidden).toList();
  }

  private static String pathAndQuery(URI uri) {
    return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
  }
}
