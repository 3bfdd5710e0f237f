package io.tributary.runtime.producer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import java.util.UUID;

/** Draws from a seeded {@link Random}: ids, exponential variates, rounded amounts. */
final class RandomValues {
  private RandomValues() {}

  /** A version-4-shaped UUID drawn from {@code random}, so ids repeat with the seed. */
  static String uuid(Random random) {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }

  /**
   * An exponential variate with the given mean, by inversion: {@code -mean * ln(1 - U)} for
   * {@code U} uniform in [0, 1).
   */
  static double exponential(Random random, double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  static BigDecimal round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
  }

  /** A phone number {@code +1555} and seven digits. */
  static String phoneNumber(Random random) {
    return padded("+1555", random.nextInt(10_000_000), 7);
  }

  /**
   * {@code prefix} and {@code n} (not negative) zero-padded to {@code width} digits: what
   * {@code String.format("%0<width>d")} gives, without its parsing and locale lookups, which showed
   * as a sixth of a generator's time in a profile.
   */
  static String padded(String prefix, int n, int width) {
    String digits = Integer.toString(n);
    StringBuilder text = new StringBuilder(prefix.length() + Math.max(width, digits.length())).append(prefix);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits).toString();
  }
}
