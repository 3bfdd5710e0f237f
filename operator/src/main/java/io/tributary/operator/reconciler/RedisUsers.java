package io.tributary.operator.reconciler;

import io.tributary.operator.config.Rechecks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RedisConnection;
import io.tributary.api.v1alpha1.SecretKeyReference;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RedisAclUsers;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.status.Reasons;
import io.tributary.runtime.config.AllowedHosts;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.config.RedisAclRules;
import io.tributary.runtime.config.RuntimeConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Worker's or EtlSchedule's own Redis ACL user ({@code spec.redis.acl}; the Redis analogue of
 * {@link KafkaUsers}): its password in the Secret {@link RedisAclUsers#secretName} (made once,
 * owned by the component, never changed by the operator afterwards), {@code ACL SETUSER} with the
 * rules of the component's runtime configuration ({@link RedisAclUsers#rules}) on every
 * reconciliation (idempotent: the rules start with {@code reset}, so they follow config changes,
 * and a Redis restarted without its ACL file gets the user back within {@link Rechecks#credentials}), and the
 * pods wired to it ({@link PipelineWiring#withRedisUser}). The user is recorded on the component
 * ({@link RedisAclUsers#REDIS_USER_ANNOTATION}) before it is made, so that {@link #delete} finds it
 * when the Pipeline is gone or has no {@code spec.redis.acl} any more.
 */
final class RedisUsers {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RedisUsers() {}

  /**
   * What {@link #ensure} found.
   *
   * @param verdict why the component cannot run yet
   * @param secretName the component's Redis user Secret; null: no user, the Pipeline's password
   * @param passwordHash {@link RedisAclUsers#passwordHash} of its password
   */
  record Outcome(Optional<Verdict> verdict, String secretName, String passwordHash) {
    static final Outcome NONE = new Outcome(Optional.empty(), null, null);

    /** The wiring for the pods: the component's user when it has one. */
    PipelineWiring wire(PipelineWiring wiring) {
      return secretName == null ? wiring : wiring.withRedisUser(secretName, passwordHash);
    }

    /**
     * When to reconcile again: the sooner of {@code other} and, with a user, {@link
     * Rechecks#credentials} (refused: {@link Rechecks#refused}).
     */
    Optional<Duration> recheck(Optional<Duration> other, Rechecks intervals) {
      if (secretName == null && verdict.isEmpty()) {
        return other;
      }
      Duration mine = verdict.isPresent() ? intervals.refused() : intervals.credentials();
      return other.isPresent() && other.get().compareTo(mine) < 0 ? other : Optional.of(mine);
    }
  }

  /** A refusal with a message that names the field (never a password). */
  static final class RefusedException extends RuntimeException {
    final String reason;

    RefusedException(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  /**
   * Makes or updates the component's Redis user when its Pipeline has {@code spec.redis.acl}; else
   * deletes the one it recorded and empties its Secret.
   *
   * @param role {@code worker} or {@code etl} (the workload's name suffix)
   * @param config the component's runtime configuration (the commands its user may run)
   */
  static Outcome ensure(OperatorServices services, Pipeline pipeline, HasMetadata owner, String kind, String role,
      RuntimeConfig config) {
    if (!RedisAclUsers.wanted(pipeline) || RedisAclRules.commands(config).isEmpty()) {
      // no acl, or a component that calls no Redis command (an ETL loading a topic): no user
      forget(services, owner, role);
      return Outcome.NONE;
    }
    String user = RedisAclUsers.userName(pipeline, kind, owner.getMetadata().getName());
    Optional<String> refused = RedisAclUsers.refusal(pipeline);
    if (refused.isPresent()) {
      return refused(Reasons.INVALID_CONFIG, refused.get());
    }
    List<String> rules;
    String password;
    try {
      password = password(services, pipeline, owner, role, user);
      rules = RedisAclUsers.rules(pipeline, config, password);
    } catch (IllegalArgumentException e) {
      return refused(Reasons.INVALID_CONFIG, e.getMessage());
    }
    RedisConnection redis = pipeline.getSpec().getRedis();
    record(services, owner, user, pipeline);
    try (RedisAclAdmin admin = connect(services, pipeline.getMetadata().getNamespace(),
        pipeline.getMetadata().getName(), redis)) {
      admin.setUser(user, rules);
    } catch (RefusedException e) {
      return refused(e.reason, e.getMessage());
    } catch (RuntimeException e) {
      return refused(Reasons.REDIS_USER_NOT_READY, "spec.redis.acl of Pipeline " + pipeline.getMetadata().getName()
          + ": Redis user " + user + " not set as " + RedisAclUsers.adminUser(redis.getAcl()) + ": "
          // LettuceRedisAclAdmin's own messages are redacted already; anything else is redacted here
          + (e instanceof IllegalStateException || e instanceof IllegalArgumentException ? e.getMessage()
              : Redaction.message(e)));
    }
    return new Outcome(Optional.empty(), RedisAclUsers.secretName(owner.getMetadata().getName(), role),
        RedisAclUsers.passwordHash(user, password));
  }

  /**
   * Deletes the Redis user the component recorded ({@code ACL DELUSER} through the recorded
   * {@code spec.redis}); true when it is gone (or there was none).
   *
   * @throws RuntimeException when Redis or the admin credential cannot be reached
   */
  static boolean delete(OperatorServices services, HasMetadata component) {
    Optional<RedisAclUsers.Recorded> recorded = RedisAclUsers.recorded(component);
    if (recorded.isEmpty()) {
      return true;
    }
    try (RedisAclAdmin admin = connect(services, component.getMetadata().getNamespace(), recorded.get().pipeline(),
        recorded.get().redis())) {
      if (admin.deleteUser(recorded.get().user())) {
        services.events().normal(component, "RedisUserDeleted", "deleted Redis user " + recorded.get().user());
      }
    }
    return true;
  }

  /**
   * The Pipeline has no {@code spec.redis.acl} (any more): the recorded user is deleted, its
   * Secret emptied (the password is void anyway) and the record removed. When Redis cannot be
   * reached the pods already use the Pipeline's password; a Warning says what remains, and it is
   * tried again on the next reconciliation.
   */
  private static void forget(OperatorServices services, HasMetadata owner, String role) {
    Optional<RedisAclUsers.Recorded> recorded = RedisAclUsers.recorded(owner);
    if (recorded.isEmpty()) {
      return;
    }
    try {
      delete(services, owner);
    } catch (RuntimeException e) {
      services.events().warning(owner, "RedisUserKept", "Redis user " + recorded.get().user()
          + " not deleted (tried again): " + Redaction.message(e));
      return;
    }
    // emptied, not deleted: the chart grants no "delete" on Secrets (the operator deletes none);
    // the empty Secret goes with the component (owner reference), a new acl makes a new password
    Secret emptied = RedisAclUsers.emptied(owner, role, recorded.get().pipeline());
    if (services.children().get(emptied) != null) {
      services.children().apply(owner, emptied);
    }
    // a JSON patch (RFC 6902) removes the key itself (a merge patch's null is kept by some servers)
    services.client().resource(owner).patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":"
        + "\"/metadata/annotations/" + RedisAclUsers.REDIS_USER_ANNOTATION.replace("~", "~0").replace("/", "~1") + "\"}]");
  }

  /**
   * The password in the component's Secret; a new one ({@link RedisAclUsers#newPassword}) when the
   * Secret does not exist or holds none. The Secret is applied each time (same data: no write), so
   * that one of that name that is someone else's is an {@link OwnershipConflictException}.
   */
  private static String password(OperatorServices services, Pipeline pipeline, HasMetadata owner, String role,
      String user) {
    Secret desired = RedisAclUsers.secret(pipeline, owner, role, user, "");
    Secret live = services.children().get(desired);
    String password = SecretValues.valueOf(live, RedisAclUsers.PASSWORD_KEY).filter(p -> !p.isEmpty())
        .orElseGet(() -> RedisAclUsers.newPassword(RANDOM));
    services.children().apply(owner, RedisAclUsers.secret(pipeline, owner, role, user, password));
    return password;
  }

  /**
   * Writes {@link RedisAclUsers#REDIS_USER_ANNOTATION} on the component before its user exists (a
   * merge patch, only when it differs). A user recorded under another name before (the component
   * moved to another Pipeline) is deleted first, best effort.
   */
  private static void record(OperatorServices services, HasMetadata owner, String user, Pipeline pipeline) {
    String value = RedisAclUsers.record(user, pipeline);
    Map<String, String> annotations = owner.getMetadata().getAnnotations();
    if (annotations != null && value.equals(annotations.get(RedisAclUsers.REDIS_USER_ANNOTATION))) {
      return;
    }
    Optional<RedisAclUsers.Recorded> previous = RedisAclUsers.recorded(owner);
    if (previous.isPresent() && !previous.get().user().equals(user)) {
      try {
        delete(services, owner);
      } catch (RuntimeException e) {
        services.events().warning(owner, "RedisUserKept", "Redis user " + previous.get().user()
            + " not deleted: " + Redaction.message(e));
      }
    }
    patch(services, owner, Serialization.asJson(
        Map.of("metadata", Map.of("annotations", Map.of(RedisAclUsers.REDIS_USER_ANNOTATION, value)))));
  }

  private static void patch(OperatorServices services, HasMetadata owner, String patch) {
    services.client().resource(owner).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  /**
   * An admin connection to the Redis of {@code redis}: its URL ({@code url}, or the value of
   * {@code urlSecretRef}) checked against the operator's allowed hosts before connecting, the
   * admin password of {@code acl.adminSecretRef} and the CA of {@code tls.caSecretRef}, each read
   * only from a Secret that opted in ({@link SecretReferences#usable}).
   *
   * @throws RefusedException naming the field when a Secret, a key or the host is refused
   */
  static RedisAclAdmin connect(OperatorServices services, String namespace, String pipeline, RedisConnection redis) {
    String owner = "Pipeline \"" + pipeline + "\"";
    String url = redis.getUrl();
    String urlField = "spec.redis.url";
    if (redis.getUrlSecretRef() != null) {
      url = secretValue(services, namespace, owner, "spec.redis.urlSecretRef", redis.getUrlSecretRef());
      urlField = "spec.redis.urlSecretRef";
      Pipeline named = new Pipeline();
      named.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(pipeline).build());
      Optional<String> bad = RedisAclUsers.urlRefusal(named, urlField, url);
      if (bad.isPresent()) {
        throw new RefusedException(Reasons.INVALID_CONFIG, bad.get());
      }
    }
    Optional<String> host = services.settings().allowedHosts().refusal(urlField, url, AllowedHosts.Kind.URL);
    if (host.isPresent()) {
      throw new RefusedException(Reasons.HOST_NOT_ALLOWED, host.get());
    }
    String password = secretValue(services, namespace, owner, "spec.redis.acl.adminSecretRef",
        redis.getAcl().getAdminSecretRef());
    String caPem = redis.getTls() == null || redis.getTls().getCaSecretRef() == null ? null
        : secretValue(services, namespace, owner, "spec.redis.tls.caSecretRef", redis.getTls().getCaSecretRef());
    return services.redisAclAdmins().open(url, RedisAclUsers.adminUser(redis.getAcl()), password, caPem);
  }

  private static String secretValue(OperatorServices services, String namespace, String owner, String field,
      SecretKeyReference ref) {
    SecretReferences.Reference reference = new SecretReferences.Reference(owner, field, ref.getName());
    Optional<String> problem = SecretGate.problem(services, namespace, reference);
    if (problem.isPresent()) {
      throw new RefusedException(Reasons.SECRET_NOT_USABLE, problem.get());
    }
    Secret secret = services.client().secrets().inNamespace(namespace).withName(ref.getName()).get();
    return SecretValues.valueOf(secret, ref.getKey()).orElseThrow(() -> new RefusedException(
        Reasons.SECRET_NOT_USABLE, field + " of " + owner + ": Secret \"" + ref.getName() + "\" has no key \""
            + ref.getKey() + "\""));
  }

  private static Outcome refused(String reason, String message) {
    return new Outcome(Optional.of(new Verdict(reason, message)), null, null);
  }
}
