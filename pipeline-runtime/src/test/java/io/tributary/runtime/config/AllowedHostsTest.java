package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
  private static final AllowedHosts LIST =
      AllowedHosts.parse("test", "redis.data.svc, *.kafka.svc.cluster.local ,10.20.0.0/16, 192.168.1.7, fd00::/8");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "redis.data.svc, true",
      "REDIS.Data.svc, true",
      "redis.data.svc., true",
      "evil.redis.data.svc, false",
      "redis.data.svc.evil.com, false",
      "b0.kafka.svc.cluster.local, true",
      "a.b0.kafka.svc.cluster.local, true",
      "kafka.svc.cluster.local, false",
      "xkafka.svc.cluster.local, false",
      "10.20.3.4, true",
      "10.21.0.1, false",
      "192.168.1.7, true",
      "192.168.1.8, false",
      "[fd00::1], true",
      "fe80::1, false",
      // the metadata endpoint, however it is spelled as a literal
      "169.254.169.254, false",
      "::ffff:169.254.169.254, false",
      "::ffff:10.20.0.9, true",
      // a number is a name to this list, not an address, and no entry names it
      "2852039166, false",
      "'', false",
  })
  void matchesNamesExactlyOrBelowADomainAndIpLiteralsByBlock(String host, boolean allowed) {
    assertThat(LIST.allows(host)).isEqualTo(allowed);
  }

  @Test
  void anEmptyListAllowsEveryHost() {
    assertThat(AllowedHosts.fromEnv(Map.<String, String>of()::get).allows("169.254.169.254")).isTrue();
    assertThat(AllowedHosts.parse("test", " , ").allowsAny()).isTrue();
  }

  @Test
  void everyHostOfAServerListOrAUrlIsChecked() {
    assertThat(LIST.refusal("spec.kafka.bootstrapServers", "b0.kafka.svc.cluster.local:9092,b1.kafka.svc.cluster.local:9092",
        AllowedHosts.Kind.SERVERS)).isEmpty();
    assertThat(LIST.refusal("spec.kafka.bootstrapServers", "b0.kafka.svc.cluster.local:9092, 10.99.0.1:9092",
        AllowedHosts.Kind.SERVERS)).contains("spec.kafka.bootstrapServers: host \"10.99.0.1\" is not in the operator's"
            + " allowed hosts (TRIBUTARY_ALLOWED_HOSTS=redis.data.svc,*.kafka.svc.cluster.local,10.20.0.0/16,192.168.1.7,fd00::/8)");
    assertThat(LIST.refusal("spec.redis.url", "redis://:secret@redis.data.svc:6379/0", AllowedHosts.Kind.URL)).isEmpty();
    // the user info is not the host, however much it looks like one
    assertThat(LIST.refusal("spec.redis.url", "redis://redis.data.svc:x@metadata.internal:6379/0", AllowedHosts.Kind.URL))
        .hasValueSatisfying(m -> assertThat(m).contains("\"metadata.internal\"").doesNotContain("x@"));
    assertThat(LIST.refusal("url", "redis-sentinel://10.20.0.1:26379,10.30.0.1:26379/0#mymaster", AllowedHosts.Kind.URL))
        .hasValueSatisfying(m -> assertThat(m).contains("\"10.30.0.1\""));
    // every sentinel must be allowed, not only the first; the password and the master name are no host
    assertThat(LIST.refusal("spec.redis.url", "redis-sentinel://:pw@10.20.0.1:26379,10.20.0.2:26379,redis.data.svc/0#m",
        AllowedHosts.Kind.URL)).isEmpty();
    assertThat(LIST.refusal("spec.redis.url", "redis-sentinel://:pw@10.20.0.1:26379,10.20.0.2,evil.example:26379"
        + "?sentinelMasterId=m", AllowedHosts.Kind.URL))
        .hasValueSatisfying(m -> assertThat(m).startsWith("spec.redis.url: host \"evil.example\"").doesNotContain("pw"));
    assertThat(LIST.refusal("url", "http://[fd00::5]:8080/x?y=http://evil", AllowedHosts.Kind.URL)).isEmpty();
    assertThat(LIST.refusal("url", "https://{{host}}/x", AllowedHosts.Kind.URL))
        .hasValueSatisfying(m -> assertThat(m).contains("no host"));
    assertThat(LIST.refusal("url", "not a url", AllowedHosts.Kind.URL)).isPresent();
  }

  @Test
  void anEntryThatIsNoHostNameDomainAddressOrBlockIsRefusedByName() {
    assertThatThrownBy(() -> AllowedHosts.parse("TRIBUTARY_ALLOWED_HOSTS", "ok.svc, *.*.svc"))
        .hasMessageContaining("TRIBUTARY_ALLOWED_HOSTS: \"*.*.svc\" is neither");
    assertThatThrownBy(() -> AllowedHosts.parse("x", "10.0.0.0/33")).hasMessageContaining("\"10.0.0.0/33\"");
    assertThatThrownBy(() -> AllowedHosts.parse("x", "300.1.1.1/8")).hasMessageContaining("\"300.1.1.1/8\"");
    assertThatThrownBy(() -> AllowedHosts.parse("x", "host:9092")).hasMessageContaining("\"host:9092\"");
  }

  @Test
  void aRuntimeConfigIsCheckedOnItsKafkaItsRedisFromTheSecretAndItsExtractUrl() throws Exception {
    RuntimeConfig worker = RuntimeConfigs.mapper().readValue("""
        {"pipeline":"p","component":"w","role":"worker",
         "kafka":{"bootstrapServers":"b0.kafka.svc.cluster.local:9092"},
         "redis":{"url":"redis://redis.data.svc:6379/0"},
         "worker":{"input":{"topic":{"name":"t"}},"processors":[]}}""", RuntimeConfig.class);
    assertThat(LIST.refusal(worker, Map.<String, String>of()::get)).isEmpty();
    // the URL a Secret gives wins over the config's, so it is the one checked
    assertThat(LIST.refusal(worker, Map.of(SecretEnv.REDIS_URL, "redis://169.254.169.254:6379")::get))
        .hasValueSatisfying(m -> assertThat(m).startsWith(SecretEnv.REDIS_URL).contains("\"169.254.169.254\""));
    RuntimeConfig etl = RuntimeConfigs.mapper().readValue("""
        {"pipeline":"p","component":"e","role":"etl",
         "kafka":{"bootstrapServers":"b0.kafka.svc.cluster.local:9092"},
         "redis":{"url":"redis://redis.data.svc:6379/0"},
         "etl":{"extract":{"http":{"url":"http://169.254.169.254/latest/meta-data/"}},"load":{"redisHash":{"key":"k:{id}"}}}}""",
        RuntimeConfig.class);
    assertThat(LIST.refusal(etl, Map.<String, String>of()::get))
        .contains("etl.extract.http.url: host \"169.254.169.254\" is not in the operator's allowed hosts"
            + " (TRIBUTARY_ALLOWED_HOSTS=redis.data.svc,*.kafka.svc.cluster.local,10.20.0.0/16,192.168.1.7,fd00::/8)");
  }
}
