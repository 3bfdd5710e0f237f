package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.tributary.api.v1alpha1.WorkloadTemplate;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod template of every workload: one container of the runtime image in the restricted Pod
 * Security profile (non-root, read-only root file system with an emptyDir {@code /tmp}, no
 * privilege escalation, all capabilities dropped, seccomp RuntimeDefault), the configuration JSON
 * mounted at {@code /etc/tributary/config.json}, secrets only as {@code secretKeyRef} env vars or
 * Secret volumes, probes on the runtime's ops port, and the operator's runtime log settings as
 * {@code TRIBUTARY_LOG_LEVEL}/{@code TRIBUTARY_LOG_FORMAT} ({@link PipelineWiring#runtimeEnv()}).
 */
public final class PodTemplates {
  public static final String CONFIG_HASH_ANNOTATION = "tributary.io/config-hash";
  /** Pod template annotation: the hash of the component's KafkaUser Secret data (a rotation rolls the pods). */
  public static final String KAFKA_CREDENTIALS_HASH_ANNOTATION = "tributary.io/kafka-credentials-hash";
  /**
   * Pod template annotation: the hash of the password of the component's own Redis ACL user
   * ({@link PipelineWiring#redisUserHash}); a new password changes it and rolls the pods.
   */
  public static final String REDIS_USER_HASH_ANNOTATION = "tributary.io/redis-user-hash";
  public static final String CONFIG_KEY = "config.json";
  public static final String METRICS_PORT_NAME = "metrics";
  public static final String HTTP_PORT_NAME = "http";
  /** UID/GID of the runtime image's user; numeric so that runAsNonRoot can be verified. */
  public static final long RUNTIME_UID = 10001L;

  private PodTemplates() {}

  /** Everything the pod template needs besides the CR's own identity. */
  public record PodInputs(
      String role,
      Map<String, String> labels,
      String configMapName,
      String configHash,
      PipelineWiring wiring,
      WorkloadTemplate template,
      List<EnvVar> env,
      List<ContainerPort> extraPorts,
      List<Volume> extraVolumes,
      List<VolumeMount> extraMounts,
      boolean runToCompletion) {}

  /**
   * The configuration hash: the component's configuration JSON (which holds exactly the Kafka,
   * Redis and dead-letter settings its role uses) plus what else of the Pipeline reaches its pod:
   * image, pull policy and secrets, default resources, secret env vars, Kafka TLS files, the
   * operator's runtime env vars (log settings), the Redis CA files of a role that uses Redis, and
   * the contents of the CAs the role trusts ({@link PipelineWiring#trustedCas}).
   */
  public static String configHash(RuntimeConfig config, PipelineWiring wiring, List<EnvVar> env) {
    return configHash(config, wiring, env, List.of());
  }

  /** The configuration hash, with Secret volumes of the component's own (a Producer's ingest TLS) when there are. */
  public static String configHash(RuntimeConfig config, PipelineWiring wiring, List<EnvVar> env,
      List<Volume> ownSecretVolumes) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("config", config);
    inputs.put("image", wiring.image());
    inputs.put("imagePullPolicy", wiring.imagePullPolicy());
    inputs.put("imagePullSecrets", wiring.imagePullSecrets());
    inputs.put("resources", wiring.resources());
    inputs.put("env", env);
    inputs.put("kafkaTlsFiles", wiring.kafkaTlsFiles());
    if (config.redis() != null && !wiring.redisTlsFiles().isEmpty()) {
      // only where mounted, and only when set: without a Redis CA the hash stays what it was
      inputs.put("redisTlsFiles", wiring.redisTlsFiles());
    }
    if (!ownSecretVolumes.isEmpty()) {
      inputs.put("ownSecretVolumes", ownSecretVolumes);
    }
    // the CAs' contents (the files above are only their references), only when read: a replaced
    // CA rolls the pods, and without one the hash stays what it was
    if (wiring.trustedCas().kafka() != null) {
      inputs.put("kafkaCa", wiring.trustedCas().kafka());
    }
    if (config.redis() != null && wiring.trustedCas().redis() != null) {
      inputs.put("redisCa", wiring.trustedCas().redis());
    }
    if (!wiring.runtimeEnv().isEmpty()) {
      // only when set: without the operator's runtime log settings the hash stays what it was
      inputs.put("runtimeEnv", wiring.runtimeEnv());
    }
    return Canonical.hash(inputs);
  }

  public static PodTemplateSpec podTemplate(PodInputs in) {
    WorkloadTemplate template = in.template();
    Map<String, String> labels = new LinkedHashMap<>();
    if (template != null && template.getLabels() != null) {
      labels.putAll(template.getLabels());
    }
    labels.putAll(in.labels());
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template != null && template.getAnnotations() != null) {
      annotations.putAll(template.getAnnotations());
    }
    annotations.put(CONFIG_HASH_ANNOTATION, in.configHash());
    if (in.wiring().kafkaCredentialsHash() != null) {
      annotations.put(KAFKA_CREDENTIALS_HASH_ANNOTATION, in.wiring().kafkaCredentialsHash());
    }
    if (in.wiring().redisUserHash() != null) {
      annotations.put(REDIS_USER_HASH_ANNOTATION, in.wiring().redisUserHash());
    }

    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("config").withMountPath(SecretEnv.DEFAULT_CONFIG_PATH)
        .withSubPath(CONFIG_KEY).withReadOnly(true).build());
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withConfigMap(
                new ConfigMapVolumeSourceBuilder()
                    .withName(in.configMapName())
                    .withItems(new KeyToPath(CONFIG_KEY, null, CONFIG_KEY))
                    .build())
            .build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    List<VolumeProjection> tls = in.wiring().kafkaTlsFiles();
    if (!tls.isEmpty()) {
      volumes.add(new VolumeBuilder().withName("kafka-tls").withNewProjected().withSources(tls).endProjected().build());
      mounts.add(new VolumeMountBuilder().withName("kafka-tls").withMountPath(SecretEnv.DEFAULT_KAFKA_TLS_DIR)
          .withReadOnly(true).build());
    }
    volumes.addAll(in.extraVolumes());
    mounts.addAll(in.extraMounts());

    List<EnvVar> env = env(in);
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(new ContainerPortBuilder().withName(METRICS_PORT_NAME)
        .withContainerPort(RuntimeConfig.DEFAULT_METRICS_PORT).withProtocol("TCP").build());
    ports.addAll(in.extraPorts());

    ContainerBuilder container =
        new ContainerBuilder()
            .withName(in.role())
            .withImage(in.wiring().image())
            .withImagePullPolicy(in.wiring().imagePullPolicy())
            .withArgs(in.role())
            .withEnv(env)
            .withPorts(ports)
            .withVolumeMounts(mounts)
            .withResources(resources(in))
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true)
                    .withCapabilities(new Capabilities(null, List.of("ALL")))
                    .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                    .build())
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("FallbackToLogsOnError");
    if (!in.runToCompletion()) {
      container
          .withLivenessProbe(probe("/healthz", 30))
          .withReadinessProbe(probe("/readyz", 5));
    }

    PodTemplateSpecBuilder pod =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withSecurityContext(
                new PodSecurityContextBuilder()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(RUNTIME_UID)
                    .withRunAsGroup(RUNTIME_UID)
                    .withFsGroup(RUNTIME_UID)
                    .withSeccompProfile(new SeccompProfile(null, "RuntimeDefault"))
                    .build())
            .withContainers(container.build())
            .withVolumes(volumes)
            .withImagePullSecrets(in.wiring().imagePullSecrets())
            .withTerminationGracePeriodSeconds(30L)
            .withRestartPolicy(in.runToCompletion() ? "Never" : "Always")
            .withNodeSelector(template == null ? null : template.getNodeSelector())
            .withTolerations(template == null ? null : template.getTolerations())
            .endSpec();
    return pod.build();
  }

  /** The component's env vars, then the operator's runtime env vars ({@code TRIBUTARY_LOG_LEVEL}, ...) it has not set itself. */
  private static List<EnvVar> env(PodInputs in) {
    List<EnvVar> env = new ArrayList<>(in.env());
    for (EnvVar operatorEnv : in.wiring().runtimeEnv()) {
      if (env.stream().noneMatch(e -> e.getName().equals(operatorEnv.getName()))) {
        env.add(operatorEnv);
      }
    }
    return env;
  }

  private static ResourceRequirements resources(PodInputs in) {
    if (in.template() != null && in.template().getResources() != null) {
      return in.template().getResources();
    }
    return in.wiring().resources();
  }

  private static Probe probe(String path, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort(METRICS_PORT_NAME)
        .endHttpGet()
        .withInitialDelaySeconds(5)
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(3)
        .build();
  }
}
