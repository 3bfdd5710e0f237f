package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path reads what Instant.toString writes exactly as Instant.parse does. */
class IsoTimestampsTest {
  @Test
  void agreesWithInstantParseOnWhatInstantToStringWrites() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 250_000_000_000L);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      String text = Instant.ofEpochSecond(seconds, nanos).toString();
      assertThat(IsoTimestamps.epochMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
    }
  }

  @Test
  void otherFormsAndEdgeCasesAreReadAsInstantParseReadsThem() {
    for (String text : new String[] {"2026-11-22T09:00:00.5Z", "2026-11-22T10:00:00+01:00", "2026-02-30T00:00:00Z",
        "2026-11-22T24:00:00Z", "2026-12-31T23:59:60Z", "+12026-01-01T00:00:00Z", "2026-11-22T09:00:00.1234567891Z"}) {
      Long expected;
      try {
        expected = Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException refused) {
        expected = null;
      }
      if (expected == null) {
        assertThatThrownBy(() -> IsoTimestamps.epochMillis(text)).as(text).isInstanceOf(DateTimeParseException.class);
      } else {
        assertThat(IsoTimestamps.epochMillis(text)).as(text).isEqualTo(expected);
      }
    }
    assertThatThrownBy(() -> IsoTimestamps.epochMillis("yesterday")).isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void paddingIsWhatStringFormatGives() {
    for (int n : new int[] {0, 7, 42, 999, 1000, 123_456}) {
      assertThat(RandomValues.padded("merchant-", n, 3)).isEqualTo(String.format("merchant-%03d", n));
      assertThat(RandomValues.padded("+1555", n, 7)).isEqualTo(String.format("+1555%07d", n));
    }
  }
}
