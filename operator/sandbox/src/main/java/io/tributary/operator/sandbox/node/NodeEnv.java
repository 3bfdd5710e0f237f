package io.tributary.operator.sandbox.node;

import io.tributary.runtime.config.HostOverrides;
import io.tributary.runtime.config.SecretEnv;

/**
 * Environment variables the local node sets on every pod process, in addition to the container's
 * own env. A process shares the host's ports and file system with all other pods, so the runtime
 * must honour these overrides instead of the in-cluster defaults (port 9404, 8080,
 * {@code /etc/tributary/config.json}, {@code /dev/termination-log}).
 */
public final class NodeEnv {
  /** Local file that holds what the pod sees at {@link #CONFIG_MOUNT_PATH}. */
  public static final String CONFIG = SecretEnv.CONFIG_PATH;
  /** Port of the metrics/health server (instead of 9404). */
  public static final String METRICS_PORT = HostOverrides.METRICS_PORT;
  /** Address of the metrics/health server: loopback, this machine's pods are not a cluster's. */
  public static final String METRICS_BIND = HostOverrides.METRICS_BIND;
  /** Address of the http ingest source: loopback too. */
  public static final String HTTP_BIND = HostOverrides.HTTP_BIND;
  /** The address every pod's servers bind. */
  public static final String LOOPBACK = "127.0.0.1";
  /** Port of the http ingest source, set when the container declares a port named {@code http}. */
  public static final String HTTP_PORT = HostOverrides.HTTP_PORT;
  /** File the container writes its termination message to (instead of {@code /dev/termination-log}). */
  public static final String TERMINATION_LOG = HostOverrides.TERMINATION_LOG;

  /** Where the operator mounts the runtime configuration inside a pod. */
  public static final String CONFIG_MOUNT_PATH = SecretEnv.DEFAULT_CONFIG_PATH;
  /** The name of the container port that the http source listens on. */
  public static final String HTTP_PORT_NAME = "http";

  private NodeEnv() {}
}
