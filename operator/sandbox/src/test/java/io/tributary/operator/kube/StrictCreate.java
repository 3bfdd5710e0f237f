package io.tributary.operator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates an object on the real API server the way {@code kubectl create} and client-side
 * {@code kubectl apply} do: a POST with {@code fieldValidation=Strict} (kubectl's default). The
 * request body is the object exactly as written, sent as JSON, so nothing on the client side
 * (a model class, null handling) changes what the server judges.
 */
final class StrictCreate {

  private final KubernetesClient client;

  StrictCreate(KubernetesClient client) {
    this.client = client;
  }

  /** POSTs {@code object} into {@code namespace} and returns the server's answer, created or refused. */
  ServerAnswer create(JsonNode object, String namespace) {
    String apiVersion = object.path("apiVersion").asText();
    String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/" + apiVersion + "/namespaces/"
        + namespace + "/" + plural(apiVersion, object.path("kind").asText()) + "?fieldValidation=Strict";
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .post("application/json", object.toString()).build();
    try {
      HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
      return ServerAnswer.of(response.code(), response.body());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("POST " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: POST " + url, e);
    }
  }

  /** The resource name the server serves a kind under, from discovery. */
  private String plural(String apiVersion, String kind) {
    return client.getApiResources(apiVersion).getResources().stream()
        .filter(resource -> resource.getKind().equals(kind) && !resource.getName().contains("/"))
        .map(APIResource::getName)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the server does not serve " + kind + " in " + apiVersion));
  }
}
