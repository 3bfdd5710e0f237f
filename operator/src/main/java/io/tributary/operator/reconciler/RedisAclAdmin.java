package io.tributary.operator.reconciler;

import java.util.List;

/**
 * The Redis calls behind a component's own ACL user (a fake in unit tests, a real redis-server in
 * {@code LettuceRedisAclAdminIT}). Both calls are idempotent, so a reconciliation may repeat them.
 */
public interface RedisAclAdmin extends AutoCloseable {

  /**
   * {@code ACL SETUSER <user> <rules...>}; with rules that start with {@code reset} the user then
   * has exactly these rights, however it was before.
   *
   * @throws RuntimeException when Redis refuses (the message names the user, never the password)
   */
  void setUser(String user, List<String> rules);

  /** {@code ACL DELUSER <user>}; true when it existed, false when it was gone already. */
  boolean deleteUser(String user);

  @Override
  void close();

  /** Opens an admin connection (injected through {@link OperatorServices}: a fake in unit tests). */
  @FunctionalInterface
  interface Factory {
    /**
     * Connects as the admin.
     *
     * @param url the Redis URL, without user or password
     * @param user the admin user ({@code spec.redis.acl.adminUser})
     * @param password the admin password ({@code spec.redis.acl.adminSecretRef})
     * @param caPem the CA of {@code spec.redis.tls.caSecretRef}, or null
     * @throws RuntimeException when Redis cannot be reached or refuses the credential (the message
     *     names neither the password nor a URL with one)
     */
    RedisAclAdmin open(String url, String user, String password, String caPem);
  }
}
