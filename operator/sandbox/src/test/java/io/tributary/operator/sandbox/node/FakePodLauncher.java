package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Container;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Launches {@link FakePod} from the test classes instead of the runtime jar. */
public final class FakePodLauncher implements PodLauncher {
  private final String classpath;

  public FakePodLauncher() {
    try {
      classpath = Path.of(FakePod.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public List<String> command(Container container, List<String> args) {
    List<String> command = new ArrayList<>(List.of(JavaJarLauncher.javaExecutable(),
        "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, FakePod.class.getName()));
    command.addAll(args);
    return command;
  }
}
