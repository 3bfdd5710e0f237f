package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.tributary.api.v1alpha1.EtlExtract;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.HttpSource;
import io.tributary.api.v1alpha1.NetworkPeer;
import io.tributary.api.v1alpha1.NetworkPolicySettings;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.runtime.config.RedisEndpoints;
import io.tributary.runtime.config.RuntimeConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Pipeline -> its NetworkPolicy ({@code networking.k8s.io/v1}, named {@code <pipeline>-pipeline}),
 * selecting every pod of the Pipeline ({@link Labels#pipelinePods}, the PodMonitor's selector).
 * Pure: no client calls.
 *
 * <ul>
 *   <li>Ingress: TCP to the ingest port of each http Producer of the Pipeline (from
 *       {@code spec.networkPolicy.ingestFrom}, default anyone) and to the metrics port
 *       {@value RuntimeConfig#DEFAULT_METRICS_PORT} (from {@code metricsFrom}, default anyone).
 *       Nothing else.
 *   <li>Egress: TCP to the ports of the Kafka bootstrap servers, the Redis port, the ports of the
 *       EtlSchedules' http and csv extract URLs, and DNS (53, UDP and TCP). A NetworkPolicy cannot
 *       name hosts: these ports are open to any destination.
 * </ul>
 */
public final class NetworkPolicyModel {
  /** Value of {@code app.kubernetes.io/component} on the NetworkPolicy. */
  public static final String COMPONENT = "network";
  /** The Redis port when the URL has none or is in a Secret. */
  public static final int DEFAULT_REDIS_PORT = 6379;
  /** DNS, UDP and TCP. */
  public static final int DNS_PORT = 53;

  private NetworkPolicyModel() {}

  /** {@code spec.networkPolicy.enabled}, true when absent. */
  public static boolean enabled(Pipeline pipeline) {
    NetworkPolicySettings settings = pipeline.getSpec().getNetworkPolicy();
    return settings == null || !Boolean.FALSE.equals(settings.getEnabled());
  }

  /** Name of the NetworkPolicy: {@code <pipeline>-pipeline}, as the Pipeline's other children. */
  public static String name(Pipeline pipeline) {
    return MonitoringModel.name(pipeline);
  }

  /** The NetworkPolicy's kind, namespace and name only: what a delete needs. */
  public static NetworkPolicy reference(Pipeline pipeline) {
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName(name(pipeline)).withNamespace(pipeline.getMetadata().getNamespace()).endMetadata()
        .build();
  }

  /**
   * The NetworkPolicy of the Pipeline.
   *
   * @param bootstrapServers the Kafka bootstrap servers the pods are given ({@code host:port,...})
   * @param producers the Producers of the namespace (those of other Pipelines are left out here)
   * @param schedules the EtlSchedules of the namespace (likewise)
   */
  public static NetworkPolicy networkPolicy(Pipeline pipeline, String bootstrapServers, List<Producer> producers,
      List<EtlSchedule> schedules) {
    String name = pipeline.getMetadata().getName();
    NetworkPolicySettings settings = pipeline.getSpec().getNetworkPolicy();
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    if (!ingestPorts(name, producers).isEmpty()) {
      // by the container port's name, not its number: a Producer's port change then needs no
      // update of the policy, which the Pipeline (its owner) is not reconciled for
      ingress.add(new NetworkPolicyIngressRuleBuilder()
          .withFrom(peers(settings == null ? null : settings.getIngestFrom()))
          .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP")
              .withPort(new IntOrString(PodTemplates.HTTP_PORT_NAME)).build())
          .build());
    }
    ingress.add(new NetworkPolicyIngressRuleBuilder()
        .withFrom(peers(settings == null ? null : settings.getMetricsFrom()))
        .withPorts(port("TCP", RuntimeConfig.DEFAULT_METRICS_PORT))
        .build());

    TreeSet<Integer> tcp = new TreeSet<>(kafkaPorts(bootstrapServers));
    tcp.add(redisPort(pipeline));
    tcp.addAll(sentinelPorts(pipeline));
    tcp.addAll(extractPorts(name, schedules));
    tcp.add(DNS_PORT);
    List<NetworkPolicyPort> egressPorts = new ArrayList<>(tcp.stream().map(p -> port("TCP", p)).toList());
    egressPorts.add(port("UDP", DNS_PORT));
    List<NetworkPolicyEgressRule> egress = List.of(new NetworkPolicyEgressRuleBuilder().withPorts(egressPorts).build());

    return new NetworkPolicyBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(name(pipeline))
            .withNamespace(pipeline.getMetadata().getNamespace())
            .withLabels(Labels.of("pipeline", name, COMPONENT, name))
            .withOwnerReferences(OwnerRefs.controlledBy(pipeline))
            .build())
        .withNewSpec()
        .withNewPodSelector().withMatchLabels(Labels.pipelinePods(name)).endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** The ports of the http sources of the Pipeline's Producers. */
  static TreeSet<Integer> ingestPorts(String pipeline, List<Producer> producers) {
    TreeSet<Integer> ports = new TreeSet<>();
    for (Producer p : producers) {
      if (p.getSpec() == null || !pipeline.equals(p.getSpec().getPipeline()) || p.getSpec().getSource() == null) {
        continue;
      }
      HttpSource http = p.getSpec().getSource().getHttp();
      if (http != null) {
        ports.add(http.getPort() == null ? 8080 : http.getPort());
      }
    }
    return ports;
  }

  /** The ports of {@code host:port,host:port} ({@code [v6]:port} too); entries without a port are skipped. */
  static List<Integer> kafkaPorts(String bootstrapServers) {
    List<Integer> ports = new ArrayList<>();
    if (bootstrapServers == null) {
      return ports;
    }
    for (String server : bootstrapServers.split(",")) {
      int colon = server.trim().lastIndexOf(':');
      if (colon < 0) {
        continue;
      }
      try {
        int port = Integer.parseInt(server.trim().substring(colon + 1));
        if (port > 0 && port < 65536) {
          ports.add(port);
        }
      } catch (NumberFormatException e) {
        // not a port: the runtime reports the bad address
      }
    }
    return ports;
  }

  /**
   * {@code spec.networkPolicy.redisPort}, else the port of {@code spec.redis.url}, else 6379. For a
   * Sentinel URL the URL's ports are the sentinels' ({@link #sentinelPorts}); the master's port is
   * what the sentinels answer, so it is {@code redisPort} or 6379.
   */
  static int redisPort(Pipeline pipeline) {
    NetworkPolicySettings settings = pipeline.getSpec().getNetworkPolicy();
    if (settings != null && settings.getRedisPort() != null) {
      return settings.getRedisPort();
    }
    String url = pipeline.getSpec().getRedis() == null ? null : pipeline.getSpec().getRedis().getUrl();
    int port = sentinelPorts(pipeline).isEmpty() ? urlPort(url) : 0;
    return port > 0 ? port : DEFAULT_REDIS_PORT;
  }

  /** The ports of the sentinels of a {@code redis-sentinel://} {@code spec.redis.url}; empty for any other URL. */
  static TreeSet<Integer> sentinelPorts(Pipeline pipeline) {
    String url = pipeline.getSpec().getRedis() == null ? null : pipeline.getSpec().getRedis().getUrl();
    TreeSet<Integer> ports = new TreeSet<>();
    if (url == null) {
      return ports;
    }
    try {
      RedisEndpoints endpoints = RedisEndpoints.parse("spec.redis.url", url);
      if (endpoints.sentinel()) {
        for (String host : endpoints.hosts()) {
          ports.add(Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
        }
      }
    } catch (IllegalArgumentException invalid) {
      // the runtime refuses such a URL itself; the policy opens no port for it
    }
    return ports;
  }

  /** Ports of the http and csv extract URLs of the Pipeline's EtlSchedules (80 / 443 by scheme when absent). */
  static TreeSet<Integer> extractPorts(String pipeline, List<EtlSchedule> schedules) {
    TreeSet<Integer> ports = new TreeSet<>();
    for (EtlSchedule s : schedules) {
      if (s.getSpec() == null || !pipeline.equals(s.getSpec().getPipeline()) || s.getSpec().getExtract() == null) {
        continue;
      }
      EtlExtract extract = s.getSpec().getExtract();
      List<String> urls = new ArrayList<>();
      if (extract.getHttp() != null) {
        urls.add(extract.getHttp().getUrl());
      }
      if (extract.getCsv() != null) {
        urls.add(extract.getCsv().getUrl());
      }
      for (String url : urls) {
        int port = urlPort(url);
        if (port > 0) {
          ports.add(port);
        }
      }
    }
    return ports;
  }

  /** The URL's port, its scheme's (http 80, https 443) when it has none; 0 when neither is known. */
  private static int urlPort(String url) {
    if (url == null || url.isBlank()) {
      return 0;
    }
    try {
      URI uri = URI.create(url.trim());
      if (uri.getPort() > 0) {
        return uri.getPort();
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      return switch (scheme) {
        case "http" -> 80;
        case "https" -> 443;
        default -> 0;
      };
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /** The {@code from} of a rule: empty (anyone) when no peer is given. */
  private static List<NetworkPolicyPeer> peers(List<NetworkPeer> peers) {
    if (peers == null) {
      return List.of();
    }
    return peers.stream().map(NetworkPolicyModel::peer).toList();
  }

  private static NetworkPolicyPeer peer(NetworkPeer peer) {
    NetworkPolicyPeerBuilder b = new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(peer.getNamespaceSelector())
        .withPodSelector(peer.getPodSelector());
    if (peer.getIpBlock() != null) {
      b.withIpBlock(new IPBlockBuilder().withCidr(peer.getIpBlock().getCidr())
          .withExcept(peer.getIpBlock().getExcept()).build());
    }
    return b.build();
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
  }
}
