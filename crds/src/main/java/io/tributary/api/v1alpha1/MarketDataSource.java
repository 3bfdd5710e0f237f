package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * Synthetic market ticks: a random walk per symbol, one record per symbol per interval ({symbol,
 * price, volume, ts}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MarketDataSource {

  @JsonPropertyDescription("Ticker symbols, e.g. [AAPL, MSFT, GOOGL, AMZN, TSLA].")
  @Required
  @Size(min = 1, max = 1000)
  private List<String> symbols;

  @JsonPropertyDescription("Milliseconds between ticks of each symbol. Default: 1000.")
  @Min(1)
  @Default("1000")
  private Integer intervalMs = 1000;

  @JsonPropertyDescription("Random seed, for reproducible data. Default: random.")
  private Long seed;

  public List<String> getSymbols() {
    return symbols;
  }

  public void setSymbols(List<String> symbols) {
    this.symbols = symbols;
  }

  public Integer getIntervalMs() {
    return intervalMs;
  }

  public void setIntervalMs(Integer intervalMs) {
    this.intervalMs = intervalMs;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    MarketDataSource that = (MarketDataSource) o;
    return Objects.equals(symbols, that.symbols)
        && Objects.equals(intervalMs, that.intervalMs)
        && Objects.equals(seed, that.seed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(symbols, intervalMs, seed);
  }

  @Override
  public String toString() {
    return "MarketDataSource{"
        + "symbols=" + symbols
        + ", intervalMs=" + intervalMs
        + ", seed=" + seed
        + "}";
  }
}
