package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;

/**
 * The {@code pod-template-hash} of a Deployment's pod template: any change of the template (for
 * instance the {@code tributary.io/config-hash} annotation) gives a new hash and rolls the pods.
 */
final class PodTemplateHash {
  /** Kubernetes' "safe" alphabet: no vowels (no words), no look-alike characters. */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private PodTemplateHash() {}

  /** FNV-1a (32 bit) of the template's JSON, each decimal digit mapped into {@link #ALPHABET}. */
  static String of(PodTemplateSpec template) {
    byte[] json = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
    int hash = FNV_OFFSET;
    for (byte b : json) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    String digits = Integer.toUnsignedString(hash);
    StringBuilder encoded = new StringBuilder(digits.length());
    for (char c : digits.toCharArray()) {
      encoded.append(ALPHABET.charAt(c % ALPHABET.length()));
    }
    return encoded.toString();
  }
}
