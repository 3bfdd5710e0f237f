package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tributary.api.v1alpha1.Pipeline;
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

  private RedisAclUsers() {}

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
