package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.QualityConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.config.TransformConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ObjectNode> records(String json) throws Exception {
    return List.of(JSON.readValue(json, ObjectNode[].class));
  }

  private static List<TransformConfig> transforms(String json) throws Exception {
    return List.of(RuntimeConfigs.mapper().readValue(json, TransformConfig[].class));
  }

  @Test
  void filterSelectDedupeAggregateInOrder() throws Exception {
    List<ObjectNode> input = records("""
        [{"symbol":"A","price":10,"volume":100,"ts":1,"extra":"x"},
         {"symbol":"A","price":12,"volume":50,"ts":2},
         {"symbol":"A","price":12,"volume":50,"ts":2},
         {"symbol":"B","price":"7.5","volume":"20","ts":1},
         {"symbol":"B","price":0,"volume":999,"ts":2},
         {"symbol":"C","price":3,"ts":1}]
        """);
    List<ObjectNode> out = Transforms.apply(transforms("""
        [{"filter": {"field": "price", "op": "gt", "value": 0}},
         {"select": {"fields": ["symbol", "price", "volume", "ts"]}},
         {"dedupe": {"fields": ["symbol", "ts"]}},
         {"aggregate": {"groupBy": ["symbol"], "count": true, "sum": ["volume"], "min": ["price"],
                        "max": ["price"], "avg": ["price", "volume"]}}]
        """), input).records();
    assertThat(out).extracting(ObjectNode::toString).containsExactly(
        "{\"symbol\":\"A\",\"count\":2,\"sum_volume\":150,\"min_price\":10,"
            + "\"max_price\":12,\"avg_price\":11,\"avg_volume\":75}",
        "{\"symbol\":\"B\",\"count\":1,\"sum_volume\":20,\"min_price\":7.5,"
            + "\"max_price\":7.5,\"avg_price\":7.5,\"avg_volume\":20}",
        "{\"symbol\":\"C\",\"count\":1,\"sum_volume\":null,\"min_price\":3,"
            + "\"max_price\":3,\"avg_price\":3,\"avg_volume\":null}");
  }

  @Test
  void selectKeepsOnlyTheListedFieldsAndAggregateWithoutGroupByMakesOneGroup() throws Exception {
    List<ObjectNode> input = records("[{\"a\":1,\"b\":2},{\"a\":3}]");
    assertThat(Transforms.apply(transforms("[{\"select\": {\"fields\": [\"b\"]}}]"), input).records())
        .containsExactly((ObjectNode) JSON.readTree("{\"b\":2}"), JSON.createObjectNode());
    assertThat(Transforms.apply(transforms("[{\"aggregate\": {\"count\": true, \"sum\": [\"a\"]}}]"), input).records())
        .extracting(ObjectNode::toString).containsExactly("{\"count\":2,\"sum_a\":4}");
  }

  @Test
  void aNumberBeyondTheLimitsIsABadRowAndTheRunGoesOn() throws Exception {
    // 1e400 reads as Infinity, which decimalValue() refuses: every run failed. 1e-1000000 made
    // each addition build a number of a million digits.
    List<ObjectNode> input = records("""
        [{"s":"a","v":1}, {"s":"a","v":1e400}, {"s":"a","v":"1e-1000000"}, {"s":"b","v":"2.5"},
         {"s":"b","v":"n/a"}]
        """);
    Transforms.Transformed aggregated = Transforms.apply(transforms(
        "[{\"aggregate\": {\"groupBy\": [\"s\"], \"count\": true, \"sum\": [\"v\"]}}]"), input);
    assertThat(aggregated.rejected()).isEqualTo(2);
    assertThat(aggregated.records()).extracting(ObjectNode::toString).as("text that is no number still counts")
        .containsExactly("{\"s\":\"a\",\"count\":1,\"sum_v\":1}", "{\"s\":\"b\",\"count\":2,\"sum_v\":2.5}");

    Transforms.Transformed filtered = Transforms.apply(transforms(
        "[{\"filter\": {\"field\": \"v\", \"op\": \"gt\", \"value\": 0}}]"), input);
    assertThat(filtered.rejected()).isEqualTo(2);
    assertThat(filtered.records()).extracting(r -> r.get("v").asText()).containsExactly("1", "2.5");
  }

  @Test
  void csvWithQuotesAndHeader() {
    assertThat(CsvExtractor.parse("symbol,name,price\r\nA,\"Alpha, Inc\",1.5\nB,\"say \"\"hi\"\"\",2\n\n"))
        .extracting(ObjectNode::toString)
        .containsExactly("{\"symbol\":\"A\",\"name\":\"Alpha, Inc\",\"price\":\"1.5\"}",
            "{\"symbol\":\"B\",\"name\":\"say \\\"hi\\\"\",\"price\":\"2\"}");
    assertThatThrownBy(() -> CsvExtractor.parse("a,b\n1\n"))
        .hasMessage("extract.csv: line 2 has 1 fields, the header has 2");
  }

  @Test
  void httpItemsPathFindsTheArray() throws Exception {
    HttpExtractor extractor = new HttpExtractor("http://x", "data.items", java.util.Optional.empty(), io.tributary.runtime.config.AllowedHosts.any());
    assertThat(extractor.items(JSON.readTree("{\"data\":{\"items\":[{\"a\":1}]}}")))
        .extracting(ObjectNode::toString).containsExactly("{\"a\":1}");
    assertThatThrownBy(() -> extractor.items(JSON.readTree("{\"data\":{}}")))
        .hasMessage("extract.http: itemsPath \"data.items\" of http://x is not a JSON array");
  }

  @Test
  void qualityChecksNameTheFailingRule() throws Exception {
    List<ObjectNode> input = records("[{\"symbol\":\"A\"},{\"price\":1}]");
    assertThatThrownBy(() -> QualityCheck.verify(new QualityConfig(3L, null), input))
        .hasMessage("quality.minRecords: 2 records, at least 3 required");
    assertThatThrownBy(() -> QualityCheck.verify(new QualityConfig(1L, List.of("symbol")), input))
        .hasMessage("quality.requiredFields: record 1 has no \"symbol\": {\"price\":1}");
    QualityCheck.verify(new QualityConfig(2L, List.of()), input);
  }
}
