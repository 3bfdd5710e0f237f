package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Pod objects of local pods in the API: create, status (only when it changed), delete. */
final class PodApi {
  private static final Logger LOG = LoggerFactory.getLogger(PodApi.class);

  private final KubernetesClient client;
  private final Map<String, PodStatus> written = new ConcurrentHashMap<>();

  PodApi(KubernetesClient client) {
    this.client = client;
  }

  /** The Pod a controller would create from {@code template}, owned by {@code owner}. */
  static Pod fromTemplate(String name, HasMetadata owner, PodTemplateSpec template, Map<String, String> extraLabels) {
    ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (templateMeta.getLabels() != null) {
      labels.putAll(templateMeta.getLabels());
    }
    labels.putAll(extraLabels);
    labels.put(LocalNode.NODE_LABEL, LocalNode.NODE_NAME);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (templateMeta.getAnnotations() != null) {
      annotations.putAll(templateMeta.getAnnotations());
    }
    return new PodBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(owner.getMetadata().getNamespace())
          .withLabels(labels)
          .withAnnotations(annotations)
          .withOwnerReferences(controllerReference(owner))
        .endMetadata()
        .withSpec(new PodBuilder().withSpec(template.getSpec()).build().getSpec())
        .editSpec().withNodeName(LocalNode.NODE_NAME).endSpec()
        .build();
  }

  static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  void create(PodProcess pod) {
    Pod object = new PodBuilder(pod.pod())
        .editMetadata()
          .addToAnnotations(LocalNode.METRICS_URL_ANNOTATION, "http://127.0.0.1:" + pod.metricsPort() + "/metrics")
          .addToAnnotations(LocalNode.LOG_FILE_ANNOTATION, pod.logFile().toString())
        .endMetadata()
        .withStatus(PodStatusFactory.statusOf(pod))
        .build();
    pod.httpPort().ifPresent(port -> object.getMetadata().getAnnotations()
        .put(LocalNode.HTTP_URL_ANNOTATION, "http://127.0.0.1:" + port));
    client.pods().inNamespace(pod.id().namespace()).resource(object).createOr(NonDeletingOperation::update);
    written.remove(pod.id().key());
    writeStatus(pod);
  }

  /** Writes the pod's status if it differs from what was last written; false if the Pod is gone. */
  boolean writeStatus(PodProcess pod) {
    PodStatus status = PodStatusFactory.statusOf(pod);
    if (Objects.equals(written.get(pod.id().key()), status)) {
      return true;
    }
    Pod object = new PodBuilder(pod.pod()).withStatus(status).build();
    object.getMetadata().setResourceVersion(null);
    try {
      client.pods().inNamespace(pod.id().namespace()).resource(object).updateStatus();
      written.put(pod.id().key(), status);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      LOG.debug("cannot write status of pod {}: {}", pod.id().key(), e.getMessage());
      return true;
    }
  }

  void delete(PodProcess pod) {
    written.remove(pod.id().key());
    try {
      // the process has ended: as a kubelet does then, remove the object at once (a real API server
      // otherwise keeps a gracefully deleted Pod Terminating until its node confirms)
      client.pods().inNamespace(pod.id().namespace()).withName(pod.id().name()).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.debug("cannot delete pod {}: {}", pod.id().key(), e.getMessage());
    }
  }
}
