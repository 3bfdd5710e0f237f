package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

/** A closed fence stops write requests before they are sent; nothing listens on the URL. */
class WriteFenceTest {
  private static final ConfigMap CONFIG = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("d").withResourceVersion("1")
      .endMetadata()
      .build();

  @Test
  void writesFailBeforeTheyAreSentOnceTheFenceIsClosed() {
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:9").withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build()).build()) {
      WriteFence fence = new WriteFence();
      KubernetesClient fenced = fence.around(client);

      // open: the request is sent (and finds nobody)
      assertThatThrownBy(() -> fenced.configMaps().resource(CONFIG).create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageNotContaining("not sent");

      fence.close("lost the Lease");
      fence.close("a later reason");
      for (Runnable write : new Runnable[] {
          () -> fenced.configMaps().resource(CONFIG).create(),
          () -> fenced.configMaps().resource(CONFIG).update(),
          () -> fenced.configMaps().resource(CONFIG).patch(PatchContext.of(PatchType.JSON_MERGE)),
          () -> fenced.configMaps().resource(CONFIG).delete()}) {
        assertThatThrownBy(write::run).isInstanceOf(KubernetesClientException.class).hasMessageContaining("not sent: lost the Lease");
      }
      // the caller's own client is not fenced
      assertThatThrownBy(() -> client.configMaps().resource(CONFIG).create()).hasMessageNotContaining("not sent");
      assertThat(fenced.getConfiguration()).isSameAs(client.getConfiguration());
    }
  }
}
