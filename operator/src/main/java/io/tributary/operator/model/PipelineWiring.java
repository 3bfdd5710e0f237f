package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.tributary.api.v1alpha1.KafkaAuthentication;
import io.tributary.api.v1alpha1.KafkaAuthenticationType;
import io.tributary.api.v1alpha1.KafkaConnection;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.PipelineSpec;
import io.tributary.api.v1alpha1.RedisConnection;
import io.tributary.api.v1alpha1.RuntimeSpec;
import io.tributary.api.v1alpha1.SecretKeyReference;
import io.tributary.api.v1alpha1.StrimziKafka;
import io.tributary.runtime.config.KafkaConfig;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.config.RedisConfig;
import io.tributary.runtime.config.SecretEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a component takes from its Pipeline: Kafka and Redis connection, dead-letter topic, runtime
 * image, and the secrets (as {@code secretKeyRef} env vars and Secret volume projections). Exactly
 * these values go into a component's configuration hash, so a Pipeline change outside them (topics,
 * monitoring, deletion policy) does not roll its pods.
 *
 * @param kafka the runtime's Kafka section
 * @param redis the runtime's Redis section; {@code url} null when it comes from a Secret
 * @param deadLetterTopic the Pipeline's dead-letter topic
 * @param image runtime image
 * @param imagePullPolicy {@code IfNotPresent} unless the Pipeline says otherwise
 * @param imagePullSecrets from {@code spec.runtime.imagePullSecrets}
 * @param resources default container resources, from {@code spec.runtime.resources}
 * @param kafkaEnv env vars for Kafka credentials (user name, password from a Secret)
 * @param redisEnv env vars from Secrets for Redis (URL, password); only for roles using Redis
 * @param kafkaTlsFiles projections for {@code /etc/tributary/kafka-tls} (empty: no TLS files)
 * @param runtimeEnv plain env vars every runtime container gets from the operator's settings (the
 *     pods' log level and format, {@link io.tributary.operator.config.RuntimeLogging}); a
 *     component's own env var of the same name wins
 * @param kafkaCredentialsHash the hash of the component's KafkaUser Secret data ({@link
 *     KafkaUserCredentials}) or, on plain Kafka, of the values the pods read from the Pipeline's
 *     Kafka Secrets ({@link #withKafkaCredentialsHash}), put in the pod template so that a rotation
 *     rolls the pods; null without either
 * @param redisTlsFiles projections for {@link SecretEnv#DEFAULT_REDIS_TLS_DIR} (the CA of
 *     {@code spec.redis.tls.caSecretRef}); empty: no Redis CA. Only roles using Redis mount it
 *     ({@link #redisTlsVolumes})
 * @param redisUserHash the hash of the password of the component's own Redis ACL user ({@link
 *     #withRedisUser}), put in the pod template so that a new password rolls the pods; null without one
 * @param trustedCas hashes of the CA certificates the pods trust ({@link #withTrustedCas}), in the
 *     configuration hash so that a replaced CA rolls the pods (they read it once, at start)
 */
public record PipelineWiring(
    KafkaConfig kafka,
    RedisConfig redis,
    String deadLetterTopic,
    String image,
    String imagePullPolicy,
    List<LocalObjectReference> imagePullSecrets,
    ResourceRequirements resources,
    List<EnvVar> kafkaEnv,
    List<EnvVar> redisEnv,
    List<VolumeProjection> kafkaTlsFiles,
    List<EnvVar> runtimeEnv,
    String kafkaCredentialsHash,
    List<VolumeProjection> redisTlsFiles,
    String redisUserHash,
    TrustedCas trustedCas) {

  /**
   * Hashes of the CA certificates of {@code spec.kafka.tls.caSecretRef} and {@code
   * spec.redis.tls.caSecretRef} as the operator read them; null where there is none (or it could
   * not be read: the Secret checks say why).
   */
  public record TrustedCas(String kafka, String redis) {
    /** No CA read. */
    public static final TrustedCas NONE = new TrustedCas(null, null);
  }

  /** The name of the volume holding the Redis CA. */
  public static final String REDIS_TLS_VOLUME = "redis-tls";

  /**
   * A component's own Kafka credentials: the copy of its KafkaUser Secret in its namespace ({@link
   * KafkaAcls#perComponentUsers}), which replaces {@code spec.kafka.authentication.secretRef} in
   * its pods.
   *
   * @param user the KafkaUser's name (the SCRAM user name)
   * @param secretName the Secret in the component's namespace
   * @param dataHash {@link KafkaAcls#credentialsHash} of the Secret's data
   */
  public record KafkaUserCredentials(String user, String secretName, String dataHash) {}

  /** Strimzi listener ports by convention: {@code plain} 9092, {@code tls} 9093. */
  static final Map<String, Integer> STRIMZI_LISTENER_PORTS = Map.of("plain", 9092, "tls", 9093);

  /**
   * The wiring of a Pipeline, with the bootstrap address by convention
   * ({@link #bootstrapServers(Pipeline)}).
   *
   * @param defaultImage the operator's default runtime image ({@code TRIBUTARY_RUNTIME_IMAGE})
   */
  public static PipelineWiring of(Pipeline pipeline, String defaultImage) {
    return of(pipeline, defaultImage, bootstrapServers(pipeline));
  }

  /**
   * The wiring of a Pipeline.
   *
   * @param defaultImage the operator's default runtime image ({@code TRIBUTARY_RUNTIME_IMAGE})
   * @param bootstrapServers the Kafka address the reconciler resolved (for Strimzi, what the Kafka
   *     resource's status publishes; see {@link StrimziBootstrap})
   */
  public static PipelineWiring of(Pipeline pipeline, String defaultImage, String bootstrapServers) {
    return of(pipeline, defaultImage, bootstrapServers, null);
  }

  /**
   * The wiring of a component whose pods use its own KafkaUser's credentials.
   *
   * @param credentials the component's credentials; null: the Pipeline's {@code authentication}
   */
  public static PipelineWiring of(
      Pipeline pipeline, String defaultImage, String bootstrapServers, KafkaUserCredentials credentials) {
    PipelineSpec spec = pipeline.getSpec();
    KafkaConnection kafka = spec.getKafka();
    List<EnvVar> kafkaEnv = new ArrayList<>();
    List<EnvVar> redisEnv = new ArrayList<>();
    List<VolumeProjection> tls = new ArrayList<>();
    List<VolumeProjection> redisTls = new ArrayList<>();
    KafkaConfig kafkaConfig = kafkaConfig(bootstrapServers, kafka, kafkaEnv, tls, credentials);
    RedisConfig redis = redisConfig(pipeline, redisEnv, redisTls);
    RuntimeSpec runtime = spec.getRuntime();
    String image = runtime != null && runtime.getImage() != null ? runtime.getImage() : defaultImage;
    String pullPolicy =
        runtime != null && runtime.getImagePullPolicy() != null
            ? runtime.getImagePullPolicy().wireValue()
            : "IfNotPresent";
    return new PipelineWiring(
        kafkaConfig,
        redis,
        deadLetterTopic(pipeline),
        image,
        pullPolicy,
        runtime == null || runtime.getImagePullSecrets() == null ? List.of() : runtime.getImagePullSecrets(),
        runtime == null ? null : runtime.getResources(),
        List.copyOf(kafkaEnv),
        List.copyOf(redisEnv),
        List.copyOf(tls),
        List.of(),
        credentials == null ? null : credentials.dataHash(),
        List.copyOf(redisTls),
        null,
        TrustedCas.NONE);
  }

  /**
   * The same wiring with the operator's default pull secrets ({@code TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS})
   * when the Pipeline names none in {@code spec.runtime.imagePullSecrets}; a Pipeline that names
   * its own keeps exactly those.
   */
  public PipelineWiring withDefaultImagePullSecrets(List<String> secretNames) {
    if (!imagePullSecrets.isEmpty() || secretNames.isEmpty()) {
      return this;
    }
    List<LocalObjectReference> defaults = secretNames.stream().map(LocalObjectReference::new).toList();
    return new PipelineWiring(kafka, redis, deadLetterTopic, image, imagePullPolicy, defaults, resources,
        kafkaEnv, redisEnv, kafkaTlsFiles, runtimeEnv, kafkaCredentialsHash, redisTlsFiles, redisUserHash, trustedCas);
  }

  /**
   * The same wiring with {@code hash} as its {@link #kafkaCredentialsHash}: the pods roll when it
   * changes (they read Kafka credentials once, at start).
   */
  public PipelineWiring withKafkaCredentialsHash(String hash) {
    return new PipelineWiring(kafka, redis, deadLetterTopic, image, imagePullPolicy, imagePullSecrets, resources,
        kafkaEnv, redisEnv, kafkaTlsFiles, runtimeEnv, hash, redisTlsFiles, redisUserHash, trustedCas);
  }

  /**
   * The same wiring for a component with its own Redis ACL user: {@link SecretEnv#REDIS_USERNAME}
   * and {@link SecretEnv#REDIS_PASSWORD} from the component's Secret ({@link RedisAclUsers#secretName})
   * instead of the Pipeline's {@code spec.redis.passwordSecretRef}, and {@code passwordHash} as
   * {@link #redisUserHash}.
   */
  public PipelineWiring withRedisUser(String secretName, String passwordHash) {
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar e : redisEnv) {
      if (!SecretEnv.REDIS_PASSWORD.equals(e.getName()) && !SecretEnv.REDIS_USERNAME.equals(e.getName())) {
        env.add(e);
      }
    }
    env.add(secretEnv(SecretEnv.REDIS_USERNAME, secretName, RedisAclUsers.USERNAME_KEY));
    env.add(secretEnv(SecretEnv.REDIS_PASSWORD, secretName, RedisAclUsers.PASSWORD_KEY));
    return new PipelineWiring(kafka, redis, deadLetterTopic, image, imagePullPolicy, imagePullSecrets, resources,
        kafkaEnv, List.copyOf(env), kafkaTlsFiles, runtimeEnv, kafkaCredentialsHash, redisTlsFiles, passwordHash, trustedCas);
  }

  /**
   * The same wiring with {@code cas} as its {@link #trustedCas}: a role's configuration hash then
   * covers the CAs it uses (Kafka's always, Redis's where it uses Redis).
   */
  public PipelineWiring withTrustedCas(TrustedCas cas) {
    return new PipelineWiring(kafka, redis, deadLetterTopic, image, imagePullPolicy, imagePullSecrets, resources,
        kafkaEnv, redisEnv, kafkaTlsFiles, runtimeEnv, kafkaCredentialsHash, redisTlsFiles, redisUserHash, cas);
  }

  /** The same wiring with the operator's env vars for every runtime container. */
  public PipelineWiring withRuntimeEnv(List<EnvVar> env) {
    return new PipelineWiring(kafka, redis, deadLetterTopic, image, imagePullPolicy, imagePullSecrets, resources,
        kafkaEnv, redisEnv, kafkaTlsFiles, List.copyOf(env), kafkaCredentialsHash, redisTlsFiles, redisUserHash, trustedCas);
  }

  /** The secret env vars of a role: Kafka's always, Redis's when the role uses Redis. */
  public List<EnvVar> secretEnv(boolean usesRedis) {
    List<EnvVar> env = new ArrayList<>(kafkaEnv);
    if (usesRedis) {
      env.addAll(redisEnv);
    }
    return env;
  }

  /**
   * The Redis CA volume and its mount at {@link SecretEnv#DEFAULT_REDIS_TLS_DIR}, for a role that
   * uses Redis (worker, ETL); none without {@code spec.redis.tls}.
   */
  public SecretVolumes redisTlsVolumes() {
    if (redisTlsFiles.isEmpty()) {
      return new SecretVolumes(List.of(), List.of());
    }
    return new SecretVolumes(
        List.of(new VolumeBuilder().withName(REDIS_TLS_VOLUME).withNewProjected().withSources(redisTlsFiles)
            .endProjected().build()),
        List.of(new VolumeMountBuilder().withName(REDIS_TLS_VOLUME).withMountPath(SecretEnv.DEFAULT_REDIS_TLS_DIR)
            .withReadOnly(true).build()));
  }

  /** Secret volumes of a pod and their mounts (the Redis CA, {@link #redisTlsVolumes}; a Producer's ingest TLS). */
  public record SecretVolumes(List<Volume> volumes, List<VolumeMount> mounts) {}

  /** {@code spec.deadLetter.topic}, default {@code <pipeline>.dlq}. */
  public static String deadLetterTopic(Pipeline pipeline) {
    var deadLetter = pipeline.getSpec().getDeadLetter();
    return deadLetter != null && deadLetter.getTopic() != null
        ? deadLetter.getTopic()
        : pipeline.getMetadata().getName() + ".dlq";
  }

  /**
   * The bootstrap address by convention: plain, or the Strimzi bootstrap Service of the listener
   * ({@code <cluster>-kafka-bootstrap.<namespace>.svc:<port>}, 9092 for {@code plain}, 9093 for
   * {@code tls}). The reconcilers prefer the address the Kafka resource publishes.
   */
  public static String bootstrapServers(Pipeline pipeline) {
    KafkaConnection kafka = pipeline.getSpec().getKafka();
    if (kafka.getStrimzi() == null) {
      return kafka.getBootstrapServers();
    }
    StrimziKafka strimzi = kafka.getStrimzi();
    String namespace =
        strimzi.getNamespace() != null ? strimzi.getNamespace() : pipeline.getMetadata().getNamespace();
    String listener = strimzi.getListener() == null ? "plain" : strimzi.getListener();
    int port = STRIMZI_LISTENER_PORTS.getOrDefault(listener, kafka.getTls() != null ? 9093 : 9092);
    return strimzi.getCluster() + "-kafka-bootstrap." + namespace + ".svc:" + port;
  }

  private static KafkaConfig kafkaConfig(
      String bootstrapServers, KafkaConnection kafka, List<EnvVar> env, List<VolumeProjection> tls,
      KafkaUserCredentials credentials) {
    boolean useTls = kafka.getTls() != null;
    KafkaAuthentication auth = kafka.getAuthentication();
    String protocol = useTls ? "SSL" : "PLAINTEXT";
    String mechanism = null;
    if (useTls) {
      SecretKeyReference ca = kafka.getTls().getCaSecretRef();
      tls.add(secretFiles(ca.getName(), Map.of(ca.getKey(), SecretEnv.KAFKA_TLS_CA)));
    }
    // with Strimzi secretRef is not used (KafkaAcls.perComponentUsers: each component's pods use
    // their own KafkaUser, the operator its own): before a component's credentials are known its
    // wiring names none, so no pod can be given the Secret secretRef names
    boolean named = credentials != null || auth != null && auth.getSecretRef() != null && kafka.getStrimzi() == null;
    if (auth != null && auth.getType() == KafkaAuthenticationType.SCRAM_SHA_512) {
      protocol = useTls ? "SASL_SSL" : "SASL_PLAINTEXT";
      mechanism = "SCRAM-SHA-512";
      if (!named) {
        return new KafkaConfig(bootstrapServers, protocol, mechanism, Map.of());
      }
      String user = credentials != null ? credentials.user()
          : auth.getUsername() != null ? auth.getUsername() : auth.getSecretRef().getName();
      env.add(new EnvVarBuilder().withName(SecretEnv.KAFKA_USERNAME).withValue(user).build());
      env.add(secretEnv(SecretEnv.KAFKA_PASSWORD, secretName(auth, credentials), "password"));
    } else if (auth != null && auth.getType() == KafkaAuthenticationType.TLS) {
      protocol = "SSL";
      if (!named) {
        return new KafkaConfig(bootstrapServers, protocol, mechanism, Map.of());
      }
      tls.add(
          secretFiles(
              secretName(auth, credentials),
              Map.of(
                  SecretEnv.KAFKA_TLS_USER_CERT, SecretEnv.KAFKA_TLS_USER_CERT,
                  SecretEnv.KAFKA_TLS_USER_KEY, SecretEnv.KAFKA_TLS_USER_KEY)));
    }
    return new KafkaConfig(bootstrapServers, protocol, mechanism, Map.of());
  }

  private static String secretName(KafkaAuthentication auth, KafkaUserCredentials credentials) {
    return credentials != null ? credentials.secretName() : auth.getSecretRef().getName();
  }

  private static RedisConfig redisConfig(Pipeline pipeline, List<EnvVar> env, List<VolumeProjection> tls) {
    RedisConnection redis = pipeline.getSpec().getRedis();
    if (redis == null) {
      return null;
    }
    if (redis.getUrlSecretRef() != null) {
      env.add(secretEnv(SecretEnv.REDIS_URL, redis.getUrlSecretRef().getName(), redis.getUrlSecretRef().getKey()));
    }
    if (redis.getPasswordSecretRef() != null) {
      env.add(
          secretEnv(
              SecretEnv.REDIS_PASSWORD,
              redis.getPasswordSecretRef().getName(),
              redis.getPasswordSecretRef().getKey()));
    }
    if (redis.getSentinelPasswordSecretRef() != null) {
      env.add(secretEnv(SecretEnv.REDIS_SENTINEL_PASSWORD, redis.getSentinelPasswordSecretRef().getName(),
          redis.getSentinelPasswordSecretRef().getKey()));
    }
    RedisConfig.Tls redisTls = null;
    if (redis.getTls() != null && redis.getTls().getCaSecretRef() != null) {
      SecretKeyReference ca = redis.getTls().getCaSecretRef();
      tls.add(secretFiles(ca.getName(), Map.of(ca.getKey(), SecretEnv.REDIS_TLS_CA)));
      redisTls = new RedisConfig.Tls(SecretEnv.DEFAULT_REDIS_TLS_CA);
    }
    return new RedisConfig(redis.getUrl(), redis.getMaxTemplateValueBytes(), redisTls,
        redisKeyPrefix(pipeline), redis.getMinReplicasAcked(), redis.getCluster());
  }

  /**
   * The prefix of every Redis key, channel and stream name of the Pipeline's components: {@code
   * spec.redis.keyPrefix} when set ({@code ""} included: no prefix), else {@link
   * KeyPrefix#derived} {@code <namespace>.<pipeline>:}. The one source for the runtime config,
   * the autoscaler's stream lag, KEDA's stream and the Pipeline's status.
   */
  public static String redisKeyPrefix(Pipeline pipeline) {
    RedisConnection redis = pipeline.getSpec().getRedis();
    if (redis != null && redis.getKeyPrefix() != null) {
      return redis.getKeyPrefix();
    }
    return KeyPrefix.derived(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName());
  }

  /**
   * The full Redis name of {@code name} (a stream, key or channel as a component's spec writes it)
   * under the Pipeline's {@link #redisKeyPrefix}.
   *
   * @throws IllegalArgumentException naming {@code spec.redis.keyPrefix} when it is not valid
   */
  public static String redisName(Pipeline pipeline, String name) {
    try {
      return KeyPrefix.of(redisKeyPrefix(pipeline)).apply(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec.redis.keyPrefix of Pipeline " + pipeline.getMetadata().getName()
          + ": " + e.getMessage(), e);
    }
  }

  /** An env var read from a Secret key. */
  public static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static VolumeProjection secretFiles(String secret, Map<String, String> keyToFile) {
    List<KeyToPath> items =
        keyToFile.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> new KeyToPath(e.getKey(), null, e.getValue()))
            .toList();
    return new VolumeProjectionBuilder()
        .withNewSecret()
        .withName(secret)
        .withItems(items)
        .endSecret()
        .build();
  }
}
