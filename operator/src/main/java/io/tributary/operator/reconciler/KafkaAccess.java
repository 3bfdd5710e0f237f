package io.tributary.operator.reconciler;

import io.tributary.operator.config.Rechecks;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.api.v1alpha1.KafkaAuthentication;
import io.tributary.api.v1alpha1.KafkaAuthenticationType;
import io.tributary.api.v1alpha1.KafkaConnection;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.StrimziKafka;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.KafkaAdminProperties;
import io.tributary.operator.model.KafkaAdminProperties.KafkaSecrets;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.model.StrimziBootstrap;
import io.tributary.operator.model.TopicModel;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.runtime.config.SecretEnv;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the operator and its components reach a Pipeline's Kafka: the bootstrap address (for Strimzi,
 * what the {@code Kafka} resource publishes in its status, else the naming convention) and the
 * security settings of the operator's own Admin client, with the credentials read from the
 * Pipeline's Secrets (or, with Strimzi and {@code spec.kafka.authentication}, from the operator's
 * own KafkaUser's Secret). The only place that reads the Kafka resource and those Secrets.
 */
public final class KafkaAccess {
  private KafkaAccess() {}

  /** The Kafka credentials of a Pipeline cannot be read; the message names the field and value. */
  public static final class KafkaCredentialsException extends RuntimeException {
    KafkaCredentialsException(String message) {
      super(message);
    }
  }

  /**
   * The bootstrap address of a Pipeline. For Strimzi: {@code status.listeners[name ==
   * listener].bootstrapServers} of the Kafka resource when its CRD is served and the resource can be
   * read (absent, forbidden or not yet published: the convention
   * {@link PipelineWiring#bootstrapServers(Pipeline)}). Other API errors propagate, so that a
   * passing outage retries the reconciliation instead of switching the address (and rolling pods)
   * back and forth.
   */
  public static String bootstrapServers(OperatorServices services, Pipeline pipeline) {
    StrimziKafka strimzi = pipeline.getSpec().getKafka().getStrimzi();
    String convention = PipelineWiring.bootstrapServers(pipeline);
    if (strimzi == null) {
      return convention;
    }
    return strimziKafka(services, pipeline)
        .flatMap(kafka -> StrimziBootstrap.fromKafkaStatus(kafka, StrimziBootstrap.listener(strimzi)))
        .orElse(convention);
  }

  /**
   * The wiring of a Pipeline with the resolved bootstrap address, the operator's runtime log
   * settings and its default image pull secrets.
   */
  public static PipelineWiring wiring(OperatorServices services, Pipeline pipeline) {
    return wiring(services, pipeline, null);
  }

  /**
   * The wiring of a component, with its own KafkaUser's credentials when it has them.
   *
   * @param credentials null: the Pipeline's {@code spec.kafka.authentication}
   */
  public static PipelineWiring wiring(
      OperatorServices services, Pipeline pipeline, PipelineWiring.KafkaUserCredentials credentials) {
    PipelineWiring wiring = PipelineWiring.of(pipeline, services.settings().runtimeImage(),
            bootstrapServers(services, pipeline), credentials)
        .withRuntimeEnv(services.settings().runtimeEnv())
        .withDefaultImagePullSecrets(services.settings().runtimeImagePullSecrets());
    return wiring;
  }

  /**
   * The wiring of a component whose checks passed (its Secrets are usable), with its own KafkaUser's
   * credentials when it has them; on plain Kafka with {@code spec.kafka.authentication}, the hash
   * of the values its pods read from the Pipeline's Kafka Secrets (the password, or {@code
   * user.crt} and {@code user.key}, and the CA of {@code spec.kafka.tls}) goes into the pod
   * template, so that a changed credential rolls the pods instead of leaving them with one Kafka
   * no longer accepts (they read it once, at start; Secrets are not watched: {@link
   * Rechecks#credentials}).
   */
  public static PipelineWiring componentWiring(
      OperatorServices services, Pipeline pipeline, PipelineWiring.KafkaUserCredentials credentials) {
    PipelineWiring wiring = wiring(services, pipeline, credentials).withTrustedCas(trustedCas(services, pipeline));
    if (credentials != null || !PlainKafkaAcls.wanted(pipeline)) {
      return wiring;
    }
    KafkaConnection kafka = pipeline.getSpec().getKafka();
    KafkaAuthentication auth = kafka.getAuthentication();
    Map<String, String> read = new java.util.TreeMap<>();
    List<String> keys = auth.getType() == KafkaAuthenticationType.TLS
        ? List.of(SecretEnv.KAFKA_TLS_USER_CERT, SecretEnv.KAFKA_TLS_USER_KEY) : List.of("password");
    for (String key : keys) {
      usableValue(services, pipeline, auth.getSecretRef().getName(), key)
          .ifPresent(v -> read.put("authentication." + key, v));
    }
    if (kafka.getTls() != null && kafka.getTls().getCaSecretRef() != null) {
      var ca = kafka.getTls().getCaSecretRef();
      usableValue(services, pipeline, ca.getName(), ca.getKey()).ifPresent(v -> read.put("tls.ca", v));
    }
    return read.isEmpty() ? wiring : wiring.withKafkaCredentialsHash(io.tributary.operator.model.Canonical.hash(read));
  }

  /**
   * The hashes of the CAs of {@code spec.kafka.tls.caSecretRef} and {@code spec.redis.tls.caSecretRef}
   * as they are now: the pods read them once, at start, so a CA replaced in its Secret (a renewed
   * certificate authority) must roll them, as a rotated password does.
   */
  static PipelineWiring.TrustedCas trustedCas(OperatorServices services, Pipeline pipeline) {
    var kafkaTls = pipeline.getSpec().getKafka() == null ? null : pipeline.getSpec().getKafka().getTls();
    var redisTls = pipeline.getSpec().getRedis() == null ? null : pipeline.getSpec().getRedis().getTls();
    return new PipelineWiring.TrustedCas(
        kafkaTls == null ? null : caHash(services, pipeline, kafkaTls.getCaSecretRef()),
        redisTls == null ? null : caHash(services, pipeline, redisTls.getCaSecretRef()));
  }

  private static String caHash(OperatorServices services, Pipeline pipeline, io.tributary.api.v1alpha1.SecretKeyReference ref) {
    if (ref == null) {
      return null;
    }
    return usableValue(services, pipeline, ref.getName(), ref.getKey())
        .map(value -> io.tributary.operator.model.Canonical.hash(Map.of("ca", value))).orElse(null);
  }

  /** A key of a labelled Secret of the Pipeline's namespace; empty when it cannot be read (the checks say why). */
  private static Optional<String> usableValue(OperatorServices services, Pipeline pipeline, String name, String key) {
    Secret secret = services.client().secrets().inNamespace(pipeline.getMetadata().getNamespace()).withName(name).get();
    if (secret == null || !SecretReferences.usable(secret.getMetadata().getLabels())) {
      return Optional.empty();
    }
    return SecretValues.valueOf(secret, key);
  }

  /**
   * The credentials Secret Strimzi's User Operator writes for a KafkaUser: same name, same
   * namespace; empty while it is not written yet.
   */
  public static Optional<Secret> kafkaUserSecret(OperatorServices services, String namespace, String user) {
    return Optional.ofNullable(services.client().secrets().inNamespace(namespace).withName(user).get());
  }

  /**
   * The Kafka principal of {@code spec.kafka.authentication} as the broker's default principal
   * builder names it: {@code User:<username>} for scram-sha-512 (the username, or the Secret's
   * name), {@code User:<subject DN, RFC 2253>} of {@code user.crt} for tls (a broker with {@code
   * ssl.principal.mapping.rules} names it otherwise).
   * With Strimzi ({@link KafkaAcls#perComponentUsers}) the operator's own KafkaUser's ({@link
   * KafkaAcls#operatorPrincipal}).
   *
   * @throws KafkaCredentialsException when the certificate cannot be read
   */
  public static String principal(OperatorServices services, Pipeline pipeline) {
    if (KafkaAcls.perComponentUsers(pipeline)) {
      return KafkaAcls.operatorPrincipal(pipeline);
    }
    KafkaAuthentication auth = pipeline.getSpec().getKafka().getAuthentication();
    String secret = auth.getSecretRef().getName();
    if (auth.getType() != KafkaAuthenticationType.TLS) {
      return "User:" + (auth.getUsername() != null ? auth.getUsername() : secret);
    }
    String pem = secretValue(services, pipeline, "spec.kafka.authentication.secretRef", secret, SecretEnv.KAFKA_TLS_USER_CERT);
    try {
      var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return "User:" + certificate.getSubjectX500Principal().getName();
    } catch (java.security.cert.CertificateException | ClassCastException e) {
      throw new KafkaCredentialsException("spec.kafka.authentication.secretRef: Secret \"" + secret + "\" key \""
          + SecretEnv.KAFKA_TLS_USER_CERT + "\" is not a PEM certificate: " + e.getMessage());
    }
  }

  private static Optional<GenericKubernetesResource> strimziKafka(OperatorServices services, Pipeline pipeline) {
    for (UpstreamKind kind : new UpstreamKind[] {UpstreamKind.KAFKA, UpstreamKind.KAFKA_V1BETA2}) {
      if (!services.capabilities().served(kind)) {
        continue;
      }
      try {
        return Optional.ofNullable(services.client().genericKubernetesResources(UpstreamResources.context(kind))
            .inNamespace(StrimziBootstrap.kafkaNamespace(pipeline))
            .withName(pipeline.getSpec().getKafka().getStrimzi().getCluster())
            .get());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403 || e.getCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    }
    return Optional.empty();
  }

  /**
   * Kafka client properties for the operator's Admin client, consumers and producers: {@code
   * spec.kafka.tls} and {@code spec.kafka.authentication}. The credentials come from {@code
   * authentication.secretRef} on plain Kafka; with Strimzi ({@link KafkaAcls#perComponentUsers})
   * from the Secret Strimzi's User Operator writes for the operator's own KafkaUser ({@link
   * #operatorCredentials}), never from {@code secretRef}.
   *
   * @throws KafkaCredentialsException when a Secret or key is missing, or a Secret of the
   *     Pipeline's namespace does not carry {@code tributary.io/usable-by-pipelines: "true"}
   */
  public static Map<String, String> adminProperties(OperatorServices services, Pipeline pipeline, PipelineWiring wiring) {
    KafkaConnection kafka = pipeline.getSpec().getKafka();
    String namespace = pipeline.getMetadata().getNamespace();
    String ca = null;
    if (kafka.getTls() != null && kafka.getTls().getCaSecretRef() != null) {
      var ref = kafka.getTls().getCaSecretRef();
      ca = secretValue(services, pipeline, "spec.kafka.tls.caSecretRef", ref.getName(), ref.getKey());
    }
    KafkaAuthentication auth = kafka.getAuthentication();
    KafkaSecrets secrets;
    if (KafkaAcls.perComponentUsers(pipeline)) {
      Map<String, String> own = operatorCredentials(services, pipeline);
      secrets = auth.getType() == KafkaAuthenticationType.TLS
          ? new KafkaSecrets(null, null, ca, own.get(SecretEnv.KAFKA_TLS_USER_CERT), own.get(SecretEnv.KAFKA_TLS_USER_KEY))
          : new KafkaSecrets(KafkaAcls.operatorKafkaUserName(pipeline), own.get("password"), ca, null, null);
    } else if (auth != null && auth.getType() == KafkaAuthenticationType.SCRAM_SHA_512) {
      String secret = auth.getSecretRef().getName();
      String user = auth.getUsername() != null ? auth.getUsername() : secret;
      String password = secretValue(services, pipeline, "spec.kafka.authentication.secretRef", secret, "password");
      secrets = new KafkaSecrets(user, password, ca, null, null);
    } else if (auth != null && auth.getType() == KafkaAuthenticationType.TLS) {
      String secret = auth.getSecretRef().getName();
      secrets = new KafkaSecrets(null, null, ca,
          secretValue(services, pipeline, "spec.kafka.authentication.secretRef", secret, SecretEnv.KAFKA_TLS_USER_CERT),
          secretValue(services, pipeline, "spec.kafka.authentication.secretRef", secret, SecretEnv.KAFKA_TLS_USER_KEY));
    } else {
      secrets = new KafkaSecrets(null, null, ca, null, null);
    }
    return KafkaAdminProperties.of(wiring.kafka(), secrets);
  }

  /**
   * The operator's own credentials for a Strimzi Pipeline with {@code spec.kafka.authentication}:
   * the keys the type needs ({@link KafkaAcls#credentialKeys}) of the Secret Strimzi's User
   * Operator writes for {@link KafkaAcls#operatorKafkaUser} (same name, Kafka namespace), read where
   * it is (no copy: only the operator uses it).
   *
   * @return key to decoded value
   * @throws KafkaCredentialsException while the Secret is not written yet or lacks a key; the
   *     message names the KafkaUser and the Secret
   */
  public static Map<String, String> operatorCredentials(OperatorServices services, Pipeline pipeline) {
    String namespace = TopicModel.topicNamespace(pipeline);
    String name = KafkaAcls.operatorKafkaUserName(pipeline);
    String described = "the operator's KafkaUser " + namespace + "/" + name + ": Secret " + namespace + "/" + name;
    Secret secret;
    try {
      secret = kafkaUserSecret(services, namespace, name).orElseThrow(() ->
          new KafkaCredentialsException(described + " not written yet by Strimzi's User Operator"));
    } catch (KubernetesClientException e) {
      throw new KafkaCredentialsException(described + " cannot be read: " + e.getMessage());
    }
    Map<String, String> values = new java.util.TreeMap<>();
    List<String> missing = new java.util.ArrayList<>();
    for (String key : KafkaAcls.credentialKeys(pipeline)) {
      SecretValues.valueOf(secret, key).ifPresentOrElse(v -> values.put(key, v), () -> missing.add("\"" + key + "\""));
    }
    if (!missing.isEmpty()) {
      throw new KafkaCredentialsException(described + " has no key " + String.join(", ", missing));
    }
    return values;
  }

  private static String secretValue(OperatorServices services, Pipeline pipeline, String field, String name, String key) {
    String namespace = pipeline.getMetadata().getNamespace();
    Secret secret;
    try {
      secret = services.client().secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new KafkaCredentialsException(field + ": cannot read Secret \"" + name + "\" in namespace \"" + namespace
          + "\": " + e.getMessage());
    }
    if (secret == null) {
      throw new KafkaCredentialsException(field + ": Secret \"" + name + "\" not found in namespace \"" + namespace + "\"");
    }
    if (!SecretReferences.usable(secret.getMetadata().getLabels())) {
      // not opted in: its value is not read (the reconcilers refuse the Pipeline before this)
      throw new KafkaCredentialsException(SecretReferences.notLabelled(
          new SecretReferences.Reference("Pipeline \"" + pipeline.getMetadata().getName() + "\"", field, name), namespace));
    }
    return SecretValues.valueOf(secret, key).orElseThrow(() ->
        new KafkaCredentialsException(field + ": Secret \"" + name + "\" has no key \"" + key + "\""));
  }
}
