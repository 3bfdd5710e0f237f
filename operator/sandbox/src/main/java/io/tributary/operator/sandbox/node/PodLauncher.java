package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;

/**
 * Turns a container into the command line of a local child process. The real launcher runs the
 * runtime jar ({@link JavaJarLauncher}); tests plug in a launcher for a small fake program.
 */
@FunctionalInterface
public interface PodLauncher {

  /**
   * The command line that runs {@code container} with its already resolved arguments.
   *
   * @param container the container of the pod template (image, resources, ...)
   * @param args the container's {@code args}, with {@code $(VAR)} expanded and in-pod paths mapped
   *     to local files
   */
  List<String> command(Container container, List<String> args);
}
