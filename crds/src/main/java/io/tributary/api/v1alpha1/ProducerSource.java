package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where the records come from: exactly one of marketData, payments, calls, http.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.marketData), has(self.payments), has(self.calls), has(self.http)].exists_one(x, x)",
    message = "spec.source: exactly one of marketData, payments, calls, http must be set")
public class ProducerSource {

  @JsonPropertyDescription("Synthetic market data.")
  private MarketDataSource marketData;

  @JsonPropertyDescription("Synthetic payments.")
  private PaymentsSource payments;

  @JsonPropertyDescription("Synthetic call records.")
  private CallsSource calls;

  @JsonPropertyDescription("An HTTP ingest endpoint.")
  private HttpSource http;

  public MarketDataSource getMarketData() {
    return marketData;
  }

  public void setMarketData(MarketDataSource marketData) {
    this.marketData = marketData;
  }

  public PaymentsSource getPayments() {
    return payments;
  }

  public void setPayments(PaymentsSource payments) {
    this.payments = payments;
  }

  public CallsSource getCalls() {
    return calls;
  }

  public void setCalls(CallsSource calls) {
    this.calls = calls;
  }

  public HttpSource getHttp() {
    return http;
  }

  public void setHttp(HttpSource http) {
    this.http = http;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    ProducerSource that = (ProducerSource) o;
    return Objects.equals(marketData, that.marketData)
        && Objects.equals(payments, that.payments)
        && Objects.equals(calls, that.calls)
        && Objects.equals(http, that.http);
  }

  @Override
  public int hashCode() {
    return Objects.hash(marketData, payments, calls, http);
  }

  @Override
  public String toString() {
    return "ProducerSource{"
        + "marketData=" + marketData
        + ", payments=" + payments
        + ", calls=" + calls
        + ", http=" + http
        + "}";
  }
}
