package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.ProcessorConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planning half of the worker: what each record will write, without any server. */
class ProcessorChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, RecordProcessor> PLUGINS = PluginRegistry.load(ProcessorChainTest.class.getClassLoader());

  private static ProcessorChain chain(String processors) throws Exception {
    return ProcessorChain.compile(List.of(RuntimeConfigs.mapper().readValue(processors, ProcessorConfig[].class)), PLUGINS);
  }

  private static RecordPlan plan(ProcessorChain chain, String record) throws Exception {
    InboundRecord inbound = new InboundRecord("in", 0, "7", 7, null, record.getBytes(), List.of(), 0, "cid");
    return chain.plan(inbound, (ObjectNode) JSON.readTree(record));
  }

  @Test
  void pluginsAreFoundWithServiceLoaderAndChangeTheRecordForLaterSteps() throws Exception {
    assertThat(PLUGINS).containsOnlyKeys("tag");
    ProcessorChain chain = chain("""
        [{"plugin": {"name": "tag", "config": {"tag": "vip"}}},
         {"cacheLatest": {"key": "c:{tag}:{id}", "ttl": "2s"}}]
        """);
    RecordPlan plan = plan(chain, "{\"id\":1}");
    assertThat(plan.scriptKeys).containsExactly("c:vip:1");
    assertThat(plan.scriptArgs).containsExactly("C", "{\"id\":1,\"tag\":\"vip\"}", "2000");
    assertThat(plan(chain, "{\"id\":2,\"drop\":true}").hasRedisOps()).as("dropped by the plug-in").isFalse();
    assertThatThrownBy(() -> plan(chain, "{\"id\":3,\"explode\":\"x\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[0].plugin: plug-in tag failed: cannot tag x");
  }

  @Test
  void aMissingPluginIsAConfigurationErrorNamingTheProcessor() {
    assertThatThrownBy(() -> chain("[{\"log\": {}}, {\"plugin\": {\"name\": \"nope\"}}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("processors[1].plugin: no plug-in named \"nope\" on the class path (found: [tag])");
  }

  @Test
  void aRecordWithoutATemplateFieldOrANumericSumFails() throws Exception {
    ProcessorChain chain = chain("[{\"aggregate\": {\"key\": \"a:{k}\", \"count\": true, \"sum\": [\"n\"]}}]");
    assertThatThrownBy(() -> plan(chain, "{\"n\":1}"))
        .hasMessage("processors[0].aggregate: cannot resolve \"a:{k}\": the record has no field \"k\"");
    assertThatThrownBy(() -> plan(chain, "{\"k\":\"x\",\"n\":\"many\"}"))
        .hasMessage("processors[0].aggregate: aggregate: field \"n\" is \"many\", not a number");
    RecordPlan plan = plan(chain, "{\"k\":\"x\",\"n\":\"2.5\"}");
    assertThat(plan.scriptArgs).containsExactly("A", "1", "1", "n", "2.5");
  }

  @Test
  void aSumOperandThatCannotBeAddedFailsAtPlanTimeBeforeAnythingIsWritten() throws Exception {
    ProcessorChain chain = chain("[{\"dedupe\": {\"key\": \"d:{id}\"}},"
        + " {\"aggregate\": {\"key\": \"a\", \"count\": true, \"sum\": [\"n\"]}}]");
    // Jackson reads 1e400 as Infinity; Redis refused "Infinity" after the marker and the count were written
    assertThatThrownBy(() -> plan(chain, "{\"id\":1,\"n\":1e400}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[1].aggregate: aggregate: field \"n\": a number beyond ±1.7976931348623157E+308"
            + " (read as Infinity)");
  }

  @Test
  void aNumberBeyondTheLimitsIsARecordFailureAndIsNeverExpanded() throws Exception {
    ProcessorChain chain = chain("[{\"aggregate\": {\"key\": \"a\", \"sum\": [\"n\"]}}]");
    // toPlainString() of 1e999999999 is a billion characters: an OutOfMemoryError, then a crash loop
    assertThatThrownBy(() -> plan(chain, "{\"n\":\"1e999999999\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[0].aggregate: aggregate: field \"n\": \"1e999999999\" is larger than"
            + " 1.7976931348623157E+308, the largest number accepted");
    assertThatThrownBy(() -> plan(chain, "{\"n\":\"-1e-1000000\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[0].aggregate: aggregate: field \"n\": \"-1e-1000000\" is closer to 0 than"
            + " 1E-324, the smallest number other than 0 accepted");
    assertThatThrownBy(() -> plan(chain, "{\"n\":\"" + "9".repeat(101) + "\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessageEndingWith(" has 101 significant digits; at most 100 are accepted");
    ProcessorChain filter = chain("[{\"filter\": {\"field\": \"n\", \"op\": \"gt\", \"value\": 0}}]");
    assertThatThrownBy(() -> plan(filter, "{\"n\":\"1e999999999\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[0].filter: field \"n\": \"1e999999999\" is larger than"
            + " 1.7976931348623157E+308, the largest number accepted");
    // within the limits the operand goes as the plain decimal the script adds exactly
    assertThat(plan(chain, "{\"n\":\"0e-1000000\"}").scriptArgs).containsExactly("A", "0", "1", "n", "0");
    // a number RecordNumbers accepts but a sum cannot hold exactly: an error of the record, never rounded
    assertThatThrownBy(() -> plan(chain, "{\"n\":\"1e300\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[0].aggregate: aggregate: field \"n\" is 1E+300, which has 301 digits before the"
            + " decimal point; a sum may have at most 40");
  }

  @Test
  void sumOperandsArePlainDecimalsWithEveryDigitOfTheRecord() throws Exception {
    ProcessorChain chain = chain("[{\"aggregate\": {\"key\": \"a\", \"sum\": [\"n\"]}}]");
    assertThat(plan(chain, "{\"n\":14993.83}").scriptArgs).endsWith("14993.83");
    assertThat(plan(chain, "{\"n\":1.5e3}").scriptArgs).endsWith("1500");
    assertThat(plan(chain, "{\"n\":\"-0.000120\"}").scriptArgs).endsWith("-0.00012");
    assertThat(plan(chain, "{\"n\":1e-7}").scriptArgs).endsWith("0.0000001");
    assertThat(plan(chain, "{\"n\":\"" + "9".repeat(40) + "." + "9".repeat(40) + "\"}").scriptArgs)
        .endsWith("9".repeat(40) + "." + "9".repeat(40));
    assertThatThrownBy(() -> plan(chain, "{\"n\":\"0." + "0".repeat(40) + "1\"}"))
        .isInstanceOf(RecordFailure.class)
        .hasMessage("processors[0].aggregate: aggregate: field \"n\" is 1E-41, which has 41 digits after the"
            + " decimal point; a sum keeps at most 40 exactly and never rounds");
  }

  @Test
  void forwardsAndLogsRememberTheDedupesBeforeThem() throws Exception {
    ProcessorChain chain = chain("""
        [{"forward": {"topic": "early"}},
         {"dedupe": {"key": "d:{id}"}},
         {"publish": {"channel": "ch"}},
         {"forward": {"topic": "late"}},
         {"log": {}},
         {"filter": {"field": "id", "op": "gt", "value": 5}},
         {"store": {"key": "s", "maxLen": 3}}]
        """);
    RecordPlan plan = plan(chain, "{\"id\":1}");
    assertThat(plan.forwards).extracting(RecordPlan.Forward::topic, RecordPlan.Forward::dedupesBefore)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("early", 0), org.assertj.core.groups.Tuple.tuple("late", 1));
    assertThat(plan.logs).extracting(RecordPlan.Guarded::dedupesBefore).containsExactly(1);
    assertThat(plan.opKinds).as("the filter stops before store").containsExactly("dedupe", "publish");
    assertThat(plan.scriptKeys).containsExactly("d:1");
    assertThat(plan.scriptArgs).containsExactly("D", "0", "P", "ch", "{\"id\":1}");
  }
}
