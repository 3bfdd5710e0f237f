package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RedisAcl;
import io.tributary.api.v1alpha1.RedisConnection;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.config.RedisAclRules;
import io.tributary.runtime.config.RuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A component's own Redis ACL user: its name, the Secret that keeps its password, and the
 * {@code ACL SETUSER} rules (the commands its configuration needs, keys and channels under its
 * Pipeline's key prefix). Pure: no Redis or Kubernetes call.
 */
public final class RedisAclUsers {
  /** The longest user name: longer ones are cut and end with a hash. */
  public static final int MAX_USER_NAME = 128;
  /** Label value of {@code app.kubernetes.io/component} on a component's Redis user Secret. */
  public static final String REDIS_USER = "redis-user";
  /** The Secret key of the user name. */
  public static final String USERNAME_KEY = "username";
  /** The Secret key of the password. */
  public static final String PASSWORD_KEY = "password";

  /**
   * Annotation on a component with a Redis user: the user and the Pipeline's {@code spec.redis}
   * it was made with (references only: an inline URL with a password is refused, {@link #refusal}),
   * so that the user can be deleted when the Pipeline is gone or no longer has {@code spec.redis.acl}.
   */
  public static final String REDIS_USER_ANNOTATION = "tributary.io/redis-user";

  private RedisAclUsers() {}

  /**
   * What {@link #REDIS_USER_ANNOTATION} holds.
   *
   * @param user the Redis user
   * @param pipeline the Pipeline's name
   * @param redis the Pipeline's {@code spec.redis} when the user was made (its {@code acl} says how
   *     to reach Redis as the admin)
   */
  public record Recorded(String user, String pipeline, RedisConnection redis) {}

  /** The value of {@link #REDIS_USER_ANNOTATION} for {@code user} made through {@code redis}. */
  public static String record(String user, Pipeline pipeline) {
    return Canonical.json(new Recorded(user, pipeline.getMetadata().getName(), pipeline.getSpec().getRedis()));
  }

  /** The Redis user a component recorded, if any (a value that does not parse is none). */
  public static Optional<Recorded> recorded(HasMetadata component) {
    Map<String, String> annotations = component.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REDIS_USER_ANNOTATION);
    if (value == null) {
      return Optional.empty();
    }
    try {
      Recorded recorded = Canonical.MAPPER.readValue(value, Recorded.class);
      return recorded == null || recorded.user() == null || recorded.redis() == null || recorded.redis().getAcl() == null
          ? Optional.empty() : Optional.of(recorded);
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the Pipeline gives its Workers and EtlSchedules Redis users of their own ({@code spec.redis.acl}). */
  public static boolean wanted(Pipeline pipeline) {
    return pipeline.getSpec() != null && pipeline.getSpec().getRedis() != null
        && pipeline.getSpec().getRedis().getAcl() != null;
  }

  /** {@code spec.redis.acl.adminUser}, by default {@code default}. */
  public static String adminUser(RedisAcl acl) {
    return acl.getAdminUser() == null || acl.getAdminUser().isBlank() ? "default" : acl.getAdminUser();
  }

  /**
   * Why the Pipeline's {@code spec.redis} cannot have ACL users, or empty: an empty {@code
   * keyPrefix} (a user limited to it would reach every key), Redis Cluster or Sentinel (ACL users
   * are neither replicated nor shared between nodes: the user would vanish on failover or be
   * missing on the other nodes), an inline URL with a user or password (it would win over the
   * component's user in the pods).
   */
  public static Optional<String> refusal(Pipeline pipeline) {
    RedisConnection redis = pipeline.getSpec().getRedis();
    String owner = " of Pipeline " + pipeline.getMetadata().getName();
    if ("".equals(redis.getKeyPrefix())) {
      return Optional.of("spec.redis.acl" + owner + " needs a key prefix to limit the users to, but"
          + " spec.redis.keyPrefix is \"\" (remove it for the default <namespace>.<pipeline>:, or set one)");
    }
    if (Boolean.TRUE.equals(redis.getCluster())) {
      return Optional.of("spec.redis.acl" + owner + " with spec.redis.cluster: true is not supported"
          + " (ACL SETUSER reaches one node; the others would not know the user)");
    }
    return redis.getUrl() == null ? Optional.empty() : urlRefusal(pipeline, "spec.redis.url", redis.getUrl());
  }

  /**
   * Why the Redis URL (from {@code field}) cannot be used with ACL users, or empty: a Sentinel URL
   * (ACL users are not replicated: a failover loses them), or one with a user or password (the
   * pods would connect as that one). The message shows neither.
   */
  public static Optional<String> urlRefusal(Pipeline pipeline, String field, String url) {
    String owner = " of Pipeline " + pipeline.getMetadata().getName();
    String trimmed = url.trim();
    if (trimmed.startsWith("redis-sentinel://") || trimmed.startsWith("rediss-sentinel://")) {
      return Optional.of("spec.redis.acl" + owner + " with a Sentinel " + field + " is not supported"
          + " (ACL users are not replicated: a failover would lose them)");
    }
    int scheme = trimmed.indexOf("://");
    String rest = scheme < 0 ? trimmed : trimmed.substring(scheme + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(c);
      end = at >= 0 && at < end ? at : end;
    }
    String authority = rest.substring(0, end);
    if (authority.contains("@")) {
      return Optional.of("spec.redis.acl" + owner + ": " + field + " carries a user or password, which the pods"
          + " would use instead of their own Redis user; put the password in spec.redis.passwordSecretRef");
    }
    return Optional.empty();
  }

  /** The hash of a password put in the pod template ({@link PipelineWiring#redisUserHash}). */
  public static String passwordHash(String user, String password) {
    return Canonical.hash(List.of(user, password));
  }

  /**
   * The Redis user of a component: {@code tributary.<namespace>.<pipeline>.<kind>.<name>} in lower
   * case ({@code tributary.shop.orders.worker.aggregator}); beyond {@value #MAX_USER_NAME}
   * characters cut, ending with {@code -} and 8 hex digits of the hash of the whole name, so that
   * two components never share a user.
   *
   * @param kind {@code Worker} or {@code EtlSchedule}
   */
  public static String userName(Pipeline pipeline, String kind, String component) {
    String name = ("tributary." + pipeline.getMetadata().getNamespace() + "." + pipeline.getMetadata().getName()
        + "." + kind + "." + component).toLowerCase(Locale.ROOT);
    if (name.length() <= MAX_USER_NAME) {
      return name;
    }
    return name.substring(0, MAX_USER_NAME - 9) + "-" + Canonical.hash(name).substring(0, 8);
  }

  /** The Secret of a component's Redis user: {@code <workload>-redis-user}. */
  public static String secretName(String component, String role) {
    return WorkloadModel.workloadName(component, role) + "-" + REDIS_USER;
  }

  /** A new password: 32 random bytes as 64 hex digits (no character an ACL rule would read). */
  public static String newPassword(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The Secret holding a component's Redis user name and password, controlled by the component so
   * that it goes with it. The password is generated once ({@link #newPassword}) and read back from
   * this Secret afterwards.
   */
  public static Secret secret(Pipeline pipeline, HasMetadata owner, String role, String user, String password) {
    Base64.Encoder base64 = Base64.getEncoder();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(owner.getMetadata().getName(), role))
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.of(role, owner.getMetadata().getName(), REDIS_USER, pipeline.getMetadata().getName()))
        .withOwnerReferences(OwnerRefs.controlledBy(owner))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(
            USERNAME_KEY, base64.encodeToString(user.getBytes(StandardCharsets.UTF_8)),
            PASSWORD_KEY, base64.encodeToString(password.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /**
   * The component's Redis user Secret without data, for when its user is deleted but the component
   * stays (the Pipeline dropped {@code spec.redis.acl}): the operator may update Secrets, not delete them.
   */
  public static Secret emptied(HasMetadata owner, String role, String pipeline) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(owner.getMetadata().getName(), role))
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.of(role, owner.getMetadata().getName(), REDIS_USER, pipeline))
        .withOwnerReferences(OwnerRefs.controlledBy(owner))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of())
        .build();
  }

  /**
   * The {@code ACL SETUSER} rules of the component whose runtime configuration is {@code config}:
   * {@link RedisAclRules#setUserRules} with {@link RedisAclRules#commands} and the Pipeline's
   * {@link PipelineWiring#redisKeyPrefix}.
   *
   * @throws IllegalArgumentException naming {@code spec.redis.keyPrefix} when the prefix is empty
   *     (the user would reach every key) or invalid
   */
  public static List<String> rules(Pipeline pipeline, RuntimeConfig config, String password) {
    Set<String> commands = RedisAclRules.commands(config);
    try {
      return RedisAclRules.setUserRules(KeyPrefix.of(PipelineWiring.redisKeyPrefix(pipeline)), password, commands);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec.redis.keyPrefix of Pipeline " + pipeline.getMetadata().getName()
          + ": " + e.getMessage(), e);
    }
  }
}
