package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
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
@ValidationRule(
    value = "!has(self.tls) || !has(self.url) || self.url.startsWith('rediss://')",
    message = "spec.redis.tls: needs a rediss:// url (redis:// is plain text)")
public class RedisConnection {

  @JsonPropertyDescription("Redis URL, e.g. redis://redis.default.svc:6379/0 (rediss:// for TLS), or"
      + " Sentinel: redis-sentinel://sentinel-0:26379,sentinel-1:26379/0#mymaster (rediss-sentinel:// for TLS;"
      + " the master name after # is required; a password in the URL is the master's).")
  @Pattern(ApiPatterns.REDIS_URL)
  private String url;

  @JsonPropertyDescription("A Secret key holding the Redis URL (use it when the URL carries a password).")
  private SecretKeyReference urlSecretRef;

  @JsonPropertyDescription("A Secret key holding the Redis password. Default: none, or the one in the URL.")
  private SecretKeyReference passwordSecretRef;

  @JsonPropertyDescription("TLS with a CA of its own, for a rediss:// URL (inline or from urlSecretRef);"
      + " without it a rediss:// URL trusts the CAs of the runtime's JVM.")
  private RedisTls tls;

  @JsonPropertyDescription("A Secret key holding the password of the Redis Sentinels of a redis-sentinel://"
      + " URL (the URL's password, or passwordSecretRef, is the master's). Default: sentinels without a password.")
  private SecretKeyReference sentinelPasswordSecretRef;

  @JsonPropertyDescription("How many replicas must have a worker batch's Redis writes (WAIT) before its Kafka"
      + " offsets are committed or its stream entries acknowledged, so that a failover cannot lose what was"
      + " acknowledged; fewer within 5s pauses the input and tries again. Default: 0, no wait (replication is"
      + " asynchronous: a failover can lose the master's last writes).")
  @Min(0)
  @Max(16)
  private Integer minReplicasAcked;

  @JsonPropertyDescription("The longest value, in bytes of UTF-8, a record field may put into a"
      + " {field} placeholder of a key, channel or stream template; a longer value (or an empty one,"
      + " or one with a glob or control character, or the separator where the template ends with"
      + " the field) is a record error: retried, then dead-lettered, never written. Default: 256.")
  @Min(1)
  @Max(65536)
  private Integer maxTemplateValueBytes;

  @JsonPropertyDescription("What every Redis key, channel and stream name of this Pipeline's"
      + " components starts with, so that two Pipelines on one Redis never collide (and an ACL user"
      + " can be limited to it). Default: <namespace>.<pipeline>: (e.g. shop.orders:), cut with a"
      + " hash beyond 128 characters; the Pipeline's status.redisKeyPrefix shows the one in use."
      + " \"\" keeps the names as written (the layout before prefixes). At most 128 characters of"
      + " A-Z a-z 0-9 . _ - : / | # ; , = @ + %: no glob character, brace, whitespace or control"
      + " character. Changing it moves every name: the old keys stay where they were.")
  @Pattern(ApiPatterns.REDIS_KEY_PREFIX)
  @Size(max = 128)
  private String keyPrefix;

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  @JsonPropertyDescription("true: the URL names seed nodes of a Redis Cluster, Lettuce's form"
      + " redis://[user:password@]host1:port1,host2:port2 (rediss:// for TLS). The first {field} of every"
      + " key, stream and channel template is then written as a hash tag ({AAPL}), so that one record's"
      + " keys share a slot; a Worker whose keys cannot share a slot is refused; publish uses SPUBLISH"
      + " (Redis 7). Default: false (one server).")
  private Boolean cluster;

  @JsonPropertyDescription("Redis ACL users per component: with it the operator gives each Worker and"
      + " EtlSchedule a Redis user of its own (ACL SETUSER with the admin credential), limited to the keys"
      + " and channels under keyPrefix and the commands its processors use, its password in the Secret"
      + " <workload>-redis-user; deleted with the component. One Redis server only (not cluster, not"
      + " redis-sentinel://: ACL users are not replicated); needs a non-empty keyPrefix and a URL"
      + " without a user or password. Default: none, the pods use passwordSecretRef.")
  private RedisAcl acl;

  public RedisAcl getAcl() {
    return acl;
  }

  public void setAcl(RedisAcl acl) {
    this.acl = acl;
  }

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

  public RedisTls getTls() {
    return tls;
  }

  public void setTls(RedisTls tls) {
    this.tls = tls;
  }

  public SecretKeyReference getSentinelPasswordSecretRef() {
    return sentinelPasswordSecretRef;
  }

  public void setSentinelPasswordSecretRef(SecretKeyReference sentinelPasswordSecretRef) {
    this.sentinelPasswordSecretRef = sentinelPasswordSecretRef;
  }

  public Integer getMinReplicasAcked() {
    return minReplicasAcked;
  }

  public void setMinReplicasAcked(Integer minReplicasAcked) {
    this.minReplicasAcked = minReplicasAcked;
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
        && Objects.equals(tls, that.tls)
        && Objects.equals(keyPrefix, that.keyPrefix)
        && Objects.equals(sentinelPasswordSecretRef, that.sentinelPasswordSecretRef)
        && Objects.equals(minReplicasAcked, that.minReplicasAcked)
        && Objects.equals(acl, that.acl)
        && Objects.equals(cluster, that.cluster);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, urlSecretRef, passwordSecretRef, maxTemplateValueBytes, tls, keyPrefix,
        sentinelPasswordSecretRef, minReplicasAcked, cluster, acl);
  }

  @Override
  public String toString() {
    return "RedisConnection{"
        + "url=" + url
        + ", urlSecretRef=" + urlSecretRef
        + ", passwordSecretRef=" + passwordSecretRef
        + ", maxTemplateValueBytes=" + maxTemplateValueBytes
        + ", tls=" + tls
        + ", keyPrefix=" + keyPrefix
        + ", sentinelPasswordSecretRef=" + sentinelPasswordSecretRef
        + ", minReplicasAcked=" + minReplicasAcked
        + ", cluster=" + cluster
        + ", acl=" + acl
        + "}";
  }
}
