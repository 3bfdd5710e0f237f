package io.tributary.operator.testing.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Provides {@link RealControlPlane} tests with the one control plane of this JVM (started on first
 * use, stopped when the test run ends or the JVM exits) and a namespace per test.
 */
public final class ControlPlaneExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static volatile SharedControlPlane shared;
  private static RuntimeException startFailure;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalControlPlane.class || type == TestNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalControlPlane plane = controlPlane(context);
    if (parameter.getParameter().getType() == LocalControlPlane.class) {
      return plane;
    }
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("a TestNamespace belongs to one test method, not to " + context.getDisplayName());
    }
    TestNamespace namespace = new TestNamespace(namespaceName(context));
    try (KubernetesClient client = plane.adminClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace.name())
          .addToLabels("tributary.io/test", "true").endMetadata().build()).create();
    }
    context.getStore(STORE).put(TestNamespace.class, namespace);
    return namespace;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestNamespace namespace = context.getStore(STORE).remove(TestNamespace.class, TestNamespace.class);
    if (namespace != null && shared != null) {
      try (KubernetesClient client = shared.plane().adminClient()) {
        client.namespaces().withName(namespace.name()).delete();
      }
    }
  }

  /** The control plane of this JVM, started on first use. */
  public static synchronized LocalControlPlane controlPlane(ExtensionContext context) {
    if (startFailure != null) {
      throw startFailure; // once is enough: every later test would wait for the same failure again
    }
    if (shared == null) {
      LocalControlPlane plane;
      try {
        plane = LocalControlPlane.start();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
      shared = new SharedControlPlane(plane);
      Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "control-plane-stop"));
      // closed when the whole test run ends, before the JVM's shutdown hooks
      context.getRoot().getStore(STORE).put(SharedControlPlane.class, shared);
    }
    return shared.plane();
  }

  private static String namespaceName(ExtensionContext context) {
    String base = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    String dns = base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String suffix = "-" + SEQUENCE.incrementAndGet();
    return (dns.length() > 50 ? dns.substring(0, 50) : dns).replaceAll("-+$", "") + suffix;
  }

  private record SharedControlPlane(LocalControlPlane plane) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      plane.close();
      shared = null;
    }
  }
}
