package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A key of a Kubernetes Secret or ConfigMap ({@code {name, key}}), as in {@code tokenSecretRef} and
 * {@code csv.configMap}. The runtime never reads Kubernetes itself: the operator turns the
 * reference into an environment variable or a mounted file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyRef(String name, String key) {}
