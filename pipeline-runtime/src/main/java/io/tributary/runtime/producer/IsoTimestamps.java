package io.tributary.runtime.producer;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Epoch milliseconds of an ISO-8601 UTC timestamp as {@link Instant#toString()} writes it
 * ({@code 2026-11-22T09:00:00Z}, {@code ...:00.123Z}, up to nine fraction digits), read without
 * {@code DateTimeFormatter}: the generators stamp every record this way and {@link Instant#parse}
 * was a fifth of the generator loop in a profile. Anything else goes to {@link Instant#parse}.
 */
final class IsoTimestamps {
  private IsoTimestamps() {}

  /**
   * @throws java.time.format.DateTimeParseException when the text is no ISO-8601 instant
   */
  static long epochMillis(String text) {
    int length = text.length();
    if (length >= 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
        && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z'
        && (length == 20 || text.charAt(19) == '.' && length >= 22 && length <= 30)) {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      int second = digits(text, 17, 19);
      int millis = 0;
      if (length > 20) {
        int fraction = digits(text, 20, length - 1);
        int fractionDigits = length - 21;
        if (fraction >= 0) {
          for (int i = fractionDigits; i < 3; i++) {
            fraction *= 10;
          }
          for (int i = 3; i < fractionDigits; i++) {
            fraction /= 10;
          }
          millis = fraction;
        } else {
          millis = -1;
        }
      }
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
          && second >= 0 && second < 60 && millis >= 0) {
        try {
          long days = LocalDate.of(year, month, day).toEpochDay();
          return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
        } catch (DateTimeException invalidDate) {
          // e.g. February 30th: let Instant.parse say so
        }
      }
    }
    return Instant.parse(text).toEpochMilli();
  }

  /** The number written in {@code text[from, to)}, or -1 if a character is no digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
