package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * One processing step; exactly one key per item.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.cacheLatest), has(self.publish), has(self.enqueue), has(self.aggregate), has(self.filter), has(self.forward), has(self.dedupe), has(self.store), has(self.log), has(self.plugin)].exists_one(x, x)",
    message = "processor: exactly one of cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin must be set")
public class Processor {

  @JsonPropertyDescription("SET the latest record per key, with TTL.")
  private CacheLatestProcessor cacheLatest;

  @JsonPropertyDescription("PUBLISH on a Redis channel.")
  private PublishProcessor publish;

  @JsonPropertyDescription("XADD to a Redis stream.")
  private EnqueueProcessor enqueue;

  @JsonPropertyDescription("Running count/sums in a Redis hash.")
  private AggregateProcessor aggregate;

  @JsonPropertyDescription("Skip records that do not match.")
  private FilterRule filter;

  @JsonPropertyDescription("Produce to another topic.")
  private ForwardProcessor forward;

  @JsonPropertyDescription("Skip records seen before.")
  private DedupeProcessor dedupe;

  @JsonPropertyDescription("Append to a capped history list.")
  private StoreProcessor store;

  @JsonPropertyDescription("Log the record.")
  private LogProcessor log;

  @JsonPropertyDescription("A user plug-in.")
  private PluginProcessor plugin;

  public CacheLatestProcessor getCacheLatest() {
    return cacheLatest;
  }

  public void setCacheLatest(CacheLatestProcessor cacheLatest) {
    this.cacheLatest = cacheLatest;
  }

  public PublishProcessor getPublish() {
    return publish;
  }

  public void setPublish(PublishProcessor publish) {
    this.publish = publish;
  }

  public EnqueueProcessor getEnqueue() {
    return enqueue;
  }

  public void setEnqueue(EnqueueProcessor enqueue) {
    this.enqueue = enqueue;
  }

  public AggregateProcessor getAggregate() {
    return aggregate;
  }

  public void setAggregate(AggregateProcessor aggregate) {
    this.aggregate = aggregate;
  }

  public FilterRule getFilter() {
    return filter;
  }

  public void setFilter(FilterRule filter) {
    this.filter = filter;
  }

  public ForwardProcessor getForward() {
    return forward;
  }

  public void setForward(ForwardProcessor forward) {
    this.forward = forward;
  }

  public DedupeProcessor getDedupe() {
    return dedupe;
  }

  public void setDedupe(DedupeProcessor dedupe) {
    this.dedupe = dedupe;
  }

  public StoreProcessor getStore() {
    return store;
  }

  public void setStore(StoreProcessor store) {
    this.store = store;
  }

  public LogProcessor getLog() {
    return log;
  }

  public void setLog(LogProcessor log) {
    this.log = log;
  }

  public PluginProcessor getPlugin() {
    return plugin;
  }

  public void setPlugin(PluginProcessor plugin) {
    this.plugin = plugin;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    Processor that = (Processor) o;
    return Objects.equals(cacheLatest, that.cacheLatest)
        && Objects.equals(publish, that.publish)
        && Objects.equals(enqueue, that.enqueue)
        && Objects.equals(aggregate, that.aggregate)
        && Objects.equals(filter, that.filter)
        && Objects.equals(forward, that.forward)
        && Objects.equals(dedupe, that.dedupe)
        && Objects.equals(store, that.store)
        && Objects.equals(log, that.log)
        && Objects.equals(plugin, that.plugin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin);
  }

  @Override
  public String toString() {
    return "Processor{"
        + "cacheLatest=" + cacheLatest
        + ", publish=" + publish
        + ", enqueue=" + enqueue
        + ", aggregate=" + aggregate
        + ", filter=" + filter
        + ", forward=" + forward
        + ", dedupe=" + dedupe
        + ", store=" + store
        + ", log=" + log
        + ", plugin=" + plugin
        + "}";
  }
}
