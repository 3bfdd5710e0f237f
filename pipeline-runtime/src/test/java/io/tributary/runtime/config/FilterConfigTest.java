package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterConfigTest {
  @ParameterizedTest(name = "{0} {1} {2} on {3} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "duration | gt     | 60      | {\"duration\": 61}        | true",
      "duration | gt     | 60      | {\"duration\": 60}        | false",
      "duration | gte    | 60      | {\"duration\": 60}        | true",
      "duration | lt     | 60      | {\"duration\": 59.5}      | true",
      "duration | lte    | 60      | {\"duration\": 60.0}      | true",
      "duration | eq     | 60      | {\"duration\": 60.0}      | true",
      "duration | ne     | 60      | {\"duration\": 60}        | false",
      "price    | gt     | 0       | {\"price\": \"12.5\"}     | true",
      "price    | gt     | 0       | {\"price\": \"abc\"}      | false",
      "price    | ne     | 0       | {\"price\": \"abc\"}      | true",
      "symbol   | eq     | \"AAPL\" | {\"symbol\": \"AAPL\"}   | true",
      "symbol   | ne     | \"AAPL\" | {\"symbol\": \"MSFT\"}   | true",
      "ts       | gte    | \"2024\" | {\"ts\": \"2025-01-01\"} | true",
      "flag     | eq     | true    | {\"flag\": true}          | true",
      "flag     | eq     | true    | {\"flag\": false}         | false",
      "duration | gt     | 60      | {}                        | false",
      "duration | ne     | 60      | {\"duration\": null}      | false",
      "duration | exists |         | {\"duration\": 0}         | true",
      "duration | exists |         | {\"other\": 0}            | false",
      "duration | gt     | 60      | {\"duration\": [61]}      | false"})
  void keepsTheRecordsThatCompareAsAsked(
      String field, String op, String value, String record, boolean kept) {
    FilterConfig filter = new FilterConfig(field, FilterOp.fromJson(op),
        value == null ? null : ExampleConfigs.parse(value));
    assertThat(filter.matches(ExampleConfigs.parse(record))).isEqualTo(kept);
  }
}
