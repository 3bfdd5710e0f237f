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
}
