package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.tributary.api.v1alpha1.HttpSource;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkloadTemplate;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Producer and Worker -> ConfigMap (runtime configuration), Deployment, Service (DESIGN §2).
 * Pure: no client calls.
 */
public final class WorkloadModel {
  public static final String PRODUCER = "producer";
  public static final String WORKER = "worker";
  /** The volume of a Producer's ingest certificate and key. */
  public static final String INGEST_TLS_VOLUME = "ingest-tls";

  private WorkloadModel() {}

  /** The three children of a long-running component. */
  public record Workload(ConfigMap config, Deployment deployment, Service service) {
    public List<HasMetadata> all() {
      return List.of(config, deployment, service);
    }
  }

  /** Name of the Deployment and Service of a component: {@code <name>-<role>}. */
  public static String workloadName(String crName, String role) {
    return crName + "-" + role;
  }

  public static String configMapName(String crName, String role) {
    return workloadName(crName, role) + "-config";
  }

  public static Workload producer(Producer producer, Pipeline pipeline, PipelineWiring wiring, RuntimeConfig config) {
    List<EnvVar> env = new ArrayList<>(wiring.secretEnv(false));
    List<ContainerPort> extraPorts = new ArrayList<>();
    List<ServicePort> extraServicePorts = new ArrayList<>();
    HttpSource http = producer.getSpec().getSource() == null ? null : producer.getSpec().getSource().getHttp();
    if (http != null) {
      int port = http.getPort() == null ? 8080 : http.getPort();
      extraPorts.add(new ContainerPortBuilder().withName(PodTemplates.HTTP_PORT_NAME).withContainerPort(port)
          .withProtocol("TCP").build());
      extraServicePorts.add(servicePort(PodTemplates.HTTP_PORT_NAME, port));
      if (http.getTokenSecretRef() != null) {
        env.add(PipelineWiring.secretEnv(SecretEnv.HTTP_TOKEN, http.getTokenSecretRef().getName(),
            http.getTokenSecretRef().getKey()));
      }
    }
    return workload(producer, PRODUCER, pipeline, wiring, config, producer.getSpec().getTemplate(),
        producer.getSpec().getReplicas() == null ? 1 : producer.getSpec().getReplicas(),
        env, extraPorts, extraServicePorts, ingestTlsVolumes(http));
  }

  /**
   * The {@code kubernetes.io/tls} Secret of {@code spec.source.http.tls.secretRef}, its {@code
   * tls.crt} and {@code tls.key} mounted read-only at {@link SecretEnv#DEFAULT_HTTP_TLS_DIR} (the
   * runtime's {@code producer.source.http.tls} names those files).
   */
  static PipelineWiring.SecretVolumes ingestTlsVolumes(HttpSource http) {
    if (http == null || http.getTls() == null || http.getTls().getSecretRef() == null) {
      return new PipelineWiring.SecretVolumes(List.of(), List.of());
    }
    return new PipelineWiring.SecretVolumes(
        List.of(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(INGEST_TLS_VOLUME).withNewSecret()
            .withSecretName(http.getTls().getSecretRef().getName())
            .withItems(new io.fabric8.kubernetes.api.model.KeyToPath(SecretEnv.HTTP_TLS_CERT, null, SecretEnv.HTTP_TLS_CERT),
                new io.fabric8.kubernetes.api.model.KeyToPath(SecretEnv.HTTP_TLS_KEY, null, SecretEnv.HTTP_TLS_KEY))
            .endSecret().build()),
        List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(INGEST_TLS_VOLUME)
            .withMountPath(SecretEnv.DEFAULT_HTTP_TLS_DIR).withReadOnly(true).build()));
  }

  /**
   * A Worker's children. Without {@code spec.autoscaling} the Deployment has {@code spec.replicas};
   * with it the model leaves replicas unset: the autoscaler is then the one writer of the
   * Deployment's replicas (DESIGN §4) and the reconciler keeps the live value.
   */
  public static Workload worker(Worker worker, Pipeline pipeline, PipelineWiring wiring, RuntimeConfig config) {
    return worker(worker, pipeline, wiring, config, ReplayPlan.Hold.NONE);
  }

  /**
   * A Worker's children during a replay step ({@link ReplayPlan}). Held: {@code spec.replicas} 0
   * and the annotation {@value ReplayPlan#HOLD_ANNOTATION} with the replay id. Otherwise the
   * annotation is there with an empty value (the applier keeps live annotations, so only writing
   * it empty ends a hold), and {@link ReplayPlan.Hold#restore} sets the replicas of an autoscaled
   * Worker once, on resume (without autoscaling the replicas are {@code spec.replicas} anyway).
   */
  public static Workload worker(Worker worker, Pipeline pipeline, PipelineWiring wiring, RuntimeConfig config,
      ReplayPlan.Hold hold) {
    boolean autoscaled = worker.getSpec().getAutoscaling() != null;
    Integer replicas = autoscaled
        ? null
        : worker.getSpec().getReplicas() == null ? 1 : worker.getSpec().getReplicas();
    if (hold.heldFor() != null) {
      replicas = 0;
    } else if (autoscaled && hold.restore() != null) {
      replicas = hold.restore();
    }
    Workload w = workload(worker, WORKER, pipeline, wiring, config, worker.getSpec().getTemplate(), replicas,
        wiring.secretEnv(true), List.of(), List.of(), wiring.redisTlsVolumes());
    w.deployment().getMetadata().setAnnotations(new java.util.HashMap<>(
        Map.of(ReplayPlan.HOLD_ANNOTATION, hold.heldFor() == null ? "" : hold.heldFor())));
    return w;
  }

  /** The {@code status.selector} of a Worker (scale subresource): its pods' label selector. */
  public static String selectorString(String crName, String role) {
    StringBuilder sb = new StringBuilder();
    Labels.selector(role, crName).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }

  private static Workload workload(
      HasMetadata owner,
      String role,
      Pipeline pipeline,
      PipelineWiring wiring,
      RuntimeConfig config,
      WorkloadTemplate template,
      Integer replicas,
      List<EnvVar> env,
      List<ContainerPort> extraPorts,
      List<ServicePort> extraServicePorts,
      PipelineWiring.SecretVolumes redisTls) { // the Redis CA of a worker, the ingest TLS of a producer
    String name = owner.getMetadata().getName();
    String pipelineName = pipeline.getMetadata().getName();
    Map<String, String> labels = Labels.of(role, name, role, pipelineName);
    ConfigMap configMap = configMap(owner, configMapName(name, role), labels, config);
    // a Producer's ingest TLS Secret is in its pods only: another Secret rolls them
    String hash = PodTemplates.configHash(config, wiring, env, PRODUCER.equals(role) ? redisTls.volumes() : List.of());
    var pod = PodTemplates.podTemplate(new PodTemplates.PodInputs(
        role, labels, configMapName(name, role), hash, wiring, template, env, extraPorts,
        redisTls.volumes(), redisTls.mounts(), false));
    Deployment deployment =
        new DeploymentBuilder()
            .withMetadata(meta(owner, workloadName(name, role), labels))
            .withNewSpec()
            .withReplicas(replicas)
            .withRevisionHistoryLimit(3)
            .withNewSelector()
            .withMatchLabels(Labels.selector(role, name))
            .endSelector()
            .withTemplate(pod)
            .endSpec()
            .build();
    List<ServicePort> ports = new ArrayList<>();
    ports.add(servicePort(PodTemplates.METRICS_PORT_NAME, RuntimeConfig.DEFAULT_METRICS_PORT));
    ports.addAll(extraServicePorts);
    Service service =
        new ServiceBuilder()
            .withMetadata(meta(owner, workloadName(name, role), labels))
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(Labels.selector(role, name))
            .withPorts(ports)
            .endSpec()
            .build();
    return new Workload(configMap, deployment, service);
  }

  /** The ConfigMap holding the runtime configuration JSON under {@code config.json}. */
  static ConfigMap configMap(HasMetadata owner, String name, Map<String, String> labels, RuntimeConfig config) {
    return new ConfigMapBuilder()
        .withMetadata(meta(owner, name, labels))
        .withData(Map.of(PodTemplates.CONFIG_KEY, RuntimeConfigJson.write(config)))
        .build();
  }

  static ObjectMeta meta(HasMetadata owner, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerRefs.controlledBy(owner))
        .build();
  }

  private static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name))
        .withProtocol("TCP").build();
  }
}
