package io.tributary.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.File;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the controllers start: waits until the Kubernetes API server answers. Started without a
 * reachable server, JOSDK's informers each log a multi-KB stack trace per retry; this logs one line
 * per attempt instead, naming the server URL, the cause and where the URL came from (the kube
 * config file, the in-cluster service account, or neither), and retries with a growing pause up to
 * {@link #MAX_PAUSE} until the server answers or the process is stopped. Meanwhile {@code /healthz}
 * answers 200 and {@code /readyz} 503.
 */
final class ApiServerWait {
  /** The longest pause between two attempts. */
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(ApiServerWait.class);

  private ApiServerWait() {}

  /**
   * Returns true once the server at {@code config}'s URL answered {@code GET /version}, false when
   * {@code stopped} was counted down first.
   */
  static boolean await(Config config, Map<String, String> env, CountDownLatch stopped) throws InterruptedException {
    // the operator's client retries each request ten times with backoff (tens of seconds); one try here
    Config once = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
    Duration pause = FIRST_PAUSE;
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(once).build()) {
      while (stopped.getCount() > 0) {
        Optional<String> problem = problem(probe);
        if (problem.isEmpty()) {
          return true;
        }
        log.warn("cannot reach the Kubernetes API server at {}: {} ({}); retrying in {}s",
            config.getMasterUrl(), problem.get(), source(config, env), pause.toSeconds());
        if (stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
          return false;
        }
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      }
      return false;
    }
  }

  /** Empty when the server answered; else why not, in a few words. */
  private static Optional<String> problem(KubernetesClient probe) {
    try {
      VersionInfo version = probe.getKubernetesVersion();
      log.info("the Kubernetes API server at {} answered (Kubernetes {}.{})",
          probe.getConfiguration().getMasterUrl(), version.getMajor(), version.getMinor());
      return Optional.empty();
    } catch (KubernetesClientException e) {
      int code = e.getCode();
      if (code == 401) {
        // a token that expired or a wrong kube config user: every informer would fail the same way
        return Optional.of("401 Unauthorized, the credentials were refused");
      }
      if (code >= 500) {
        return Optional.of("answered " + code);
      }
      if (code > 0) {
        // it answered (403 on /version, a proxy's 404): reachable; the informers report the rest
        return Optional.empty();
      }
      return Optional.of(reason(e));
    } catch (RuntimeException e) {
      return Optional.of(reason(e));
    }
  }

  /**
   * Why the request failed, in words: fabric8 wraps the cause in exceptions whose messages say
   * nothing ("An error has occurred.", null), so the cause chain is searched for what does.
   */
  static String reason(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "the host name does not resolve (" + t.getClass().getSimpleName() + ")";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "cannot connect (" + t.getClass().getSimpleName() + ")";
      }
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      String message = chain.get(i).getMessage();
      if (message != null && !message.isBlank() && !(chain.get(i) instanceof KubernetesClientException)) {
        return chain.get(i).getClass().getSimpleName() + ": " + message;
      }
    }
    return chain.get(chain.size() - 1).getClass().getSimpleName();
  }

  /** Where the URL came from, so a user knows what to fix. */
  static String source(Config config, Map<String, String> env) {
    File file = config.getFile();
    if (file != null) {
      return "kube config " + file;
    }
    if (env.get("KUBERNETES_SERVICE_HOST") != null) {
      return "in-cluster service account";
    }
    return "no kube config: " + String.join(", ", Config.getKubeconfigFilenames())
        + " not found, and not inside a cluster";
  }
}
