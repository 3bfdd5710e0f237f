package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * How the runtime reaches Redis: exactly one of url or urlSecretRef.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.url), has(self.urlSecretRef)].exists_one(x, x)",
    message = "spec.redis: exactly one of url, urlSecretRef must be set")
public class RedisConnection {

  @JsonPropertyDescription("Redis URL, e.g. redis://redis.default.svc:6379/0 (rediss:// for TLS).")
  @Pattern(ApiPatterns.REDIS_URL)
  private String url;

  @JsonPropertyDescription("A Secret key holding the Redis URL (use it when the URL carries a password).")
  private SecretKeyReference urlSecretRef;

  @JsonPropertyDescription("A Secret key holding the Redis password. Default: none, or the one in the URL.")
  private SecretKeyReference passwordSecretRef;

  @JsonPropertyDescription("The longest value, in bytes of UTF-8, a record field may put into a"
      + " {field} placeholder of a key, channel or stream template; a longer value (or an empty one,"
      + " or one with a glob or control character, or the separator where the template ends with"
      + " the field) is a record error: retried, then dead-lettered, never written. Default: 256.")
  @Min(1)
  @Max(65536)
  private Integer maxTemplateValueBytes;

  @JsonPropertyDescription("true: the URL names seed nodes of a Redis Cluster, Lettuce's form"
      + " redis://[user:password@]host1:port1,host2:port2 (rediss:// for TLS). The first {field} of every"
      + " key, stream and channel template is then written as a hash tag ({AAPL}), so that one record's"
      + " keys share a slot; a Worker whose keys cannot share a slot is refused; publish uses SPUBLISH"
      + " (Redis 7). Default: false (one server).")
  private Boolean cluster;

  public Boolean getCluster() {
    return cluster;
  }

  public void setCluster(Boolean cluster) {
    this.cluster = cluster;
  }

  public Integer getMaxTemplateValueBytes() {
    return maxTemplateValueBytes;
  }

  public void setMaxTemplateValueBytes(Integer maxTemplateValueBytes) {
    this.maxTemplateValueBytes = maxTemplateValueBytes;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public SecretKeyReference getUrlSecretRef() {
    return urlSecretRef;
  }

  public void setUrlSecretRef(SecretKeyReference urlSecretRef) {
    this.urlSecretRef = urlSecretRef;
  }

  public SecretKeyReference getPasswordSecretRef() {
    return passwordSecretRef;
  }

  public void setPasswordSecretRef(SecretKeyReference passwordSecretRef) {
    this.passwordSecretRef = passwordSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    RedisConnection that = (RedisConnection) o;
    return Objects.equals(url, that.url)
        && Objects.equals(urlSecretRef, that.urlSecretRef)
        && Objects.equals(passwordSecretRef, that.passwordSecretRef)
        && Objects.equals(maxTemplateValueBytes, that.maxTemplateValueBytes)
        && Objects.equals(cluster, that.cluster);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, urlSecretRef, passwordSecretRef, maxTemplateValueBytes, cluster);
  }

  @Override
  public String toString() {
    return "RedisConnection{"
        + "url=" + url
        + ", urlSecretRef=" + urlSecretRef
        + ", passwordSecretRef=" + passwordSecretRef
        + ", maxTemplateValueBytes=" + maxTemplateValueBytes
        + ", cluster=" + cluster
        + "}";
  }
}
