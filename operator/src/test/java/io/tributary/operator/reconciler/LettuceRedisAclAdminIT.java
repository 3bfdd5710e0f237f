package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RedisAclUsers;
import io.tributary.operator.model.RuntimeConfigModel;
import io.tributary.operator.testing.Fixtures;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's ACL calls against a real redis-server 7 that requires a password. */
class LettuceRedisAclAdminIT {

  @Test
  void aComponentsUserReachesOnlyItsPrefixAndIsGoneAfterDeleteUser() {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient plain = RedisClient.create(server.url());
      try (StatefulRedisConnection<String, String> setup = plain.connect()) {
        setup.sync().configSet("requirepass", "admin-pw");
      } finally {
        plain.shutdown();
      }
      Pipeline pipeline = Fixtures.strimziPipeline("market-data");
      Worker worker = Fixtures.cacheWorker("cache-writer", "market-data");
      worker.getMetadata().setUid("uid-worker");
      String user = RedisAclUsers.userName(pipeline, "Worker", "cache-writer");
      String password = RedisAclUsers.newPassword(new SecureRandom());
      List<String> rules = RedisAclUsers.rules(pipeline,
          RuntimeConfigModel.worker(worker, pipeline, PipelineWiring.of(pipeline, OperatorSettings.DEFAULT_RUNTIME_IMAGE)), password);
      String prefix = PipelineWiring.redisKeyPrefix(pipeline);

      RedisURI adminUri = RedisURI.builder(RedisURI.create(server.url())).withPassword("admin-pw".toCharArray()).build();
      try (RedisAclAdmin admin = new LettuceRedisAclAdmin(adminUri)) {
        admin.setUser(user, rules);
        admin.setUser(user, rules); // a second reconciliation changes nothing

        RedisClient asUser = RedisClient.create(RedisURI.builder(RedisURI.create(server.url()))
            .withAuthentication(user, password.toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = asUser.connect()) {
          assertThat(connection.sync().set(prefix + "AAPL", "1")).isEqualTo("OK");
          assertThatThrownBy(() -> connection.sync().set("other:AAPL", "1"))
              .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("NOPERM");
          assertThatThrownBy(() -> connection.sync().get(prefix + "AAPL"))
              .as("a command the chain does not use").hasMessageStartingWith("NOPERM");
        } finally {
          asUser.shutdown();
        }

        assertThatThrownBy(() -> admin.setUser(user, List.of("reset", "+nosuchcommand")))
            .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("ACL SETUSER " + user + " failed: ")
            .hasMessageNotContaining(password);

        assertThat(admin.deleteUser(user)).isTrue();
        assertThat(admin.deleteUser(user)).as("already gone").isFalse();
        RedisClient gone = RedisClient.create(RedisURI.builder(RedisURI.create(server.url()))
            .withAuthentication(user, password.toCharArray()).build());
        try {
          assertThatThrownBy(() -> gone.connect().close()).hasStackTraceContaining("WRONGPASS");
        } finally {
          gone.shutdown();
        }
      }
    }
  }
}
