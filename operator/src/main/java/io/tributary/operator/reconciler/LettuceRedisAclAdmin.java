package io.tributary.operator.reconciler;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.tributary.runtime.config.Redaction;
import io.tributary.runtime.ops.Connections;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@link RedisAclAdmin} over one Lettuce connection with the admin credential (the Pipeline's
 * {@code spec.redis.acl.adminSecretRef}).
 */
public final class LettuceRedisAclAdmin implements RedisAclAdmin {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  /**
   * @param uri the Redis address with the admin's user (or none: {@code default}) and password
   */
  public LettuceRedisAclAdmin(RedisURI uri) {
    this(uri, null);
  }

  /**
   * @param uri the Redis address with the admin's user (or none: {@code default}) and password
   * @param options client options (TLS with a CA of its own), or null for Lettuce's defaults
   */
  public LettuceRedisAclAdmin(RedisURI uri, ClientOptions options) {
    uri.setTimeout(Duration.ofSeconds(10));
    this.client = RedisClient.create(uri);
    if (options != null) {
      client.setOptions(options);
    }
    try {
      this.connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw new IllegalStateException("cannot reach Redis as the ACL admin: " + Redaction.message(e));
    }
  }

  @Override
  public void setUser(String user, List<String> rules) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(user);
    rules.forEach(args::add);
    try {
      connection.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
    } catch (RedisException e) {
      // Redis' own message names the rule it refused, never the password (a '>' rule is not quoted)
      throw new IllegalStateException("ACL SETUSER " + user + " failed: " + Redaction.message(e));
    }
  }

  /**
   * The factory the operator uses: the URL parsed as the runtime parses it, the admin's user and
   * password as credentials, TLS with {@code caPem} set up as the workers set it up ({@link
   * Connections#applyRedisTls}).
   */
  public static final RedisAclAdmin.Factory FACTORY = (url, user, password, caPem) -> {
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid Redis URL " + Redaction.text(url) + ": " + Redaction.message(e));
    }
    uri.setCredentialsProvider(new StaticCredentialsProvider(user, password.toCharArray()));
    ClientOptions options = null;
    if (caPem != null) {
      ClientOptions.Builder builder = ClientOptions.builder();
      Connections.applyRedisTls(uri, builder, caPem.getBytes(StandardCharsets.UTF_8), "spec.redis.tls.caSecretRef");
      options = builder.build();
    }
    return new LettuceRedisAclAdmin(uri, options);
  };

  @Override
  public boolean deleteUser(String user) {
    return connection.sync().aclDeluser(user) > 0;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
