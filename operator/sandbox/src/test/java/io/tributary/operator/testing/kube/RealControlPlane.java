package io.tributary.operator.testing.kube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an {@code *IT} class that runs against the real control plane (etcd, kube-apiserver,
 * kube-controller-manager built from {@code .ci/kube}): its test methods may take a
 * {@link io.tributary.operator.sandbox.kube.LocalControlPlane} (one per test JVM) and a
 * {@link TestNamespace} (a fresh namespace per test, deleted after it). A missing binary fails the
 * test with the build hint; it is never skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ControlPlaneExtension.class)
@Tag("real-control-plane")
public @interface RealControlPlane {}
